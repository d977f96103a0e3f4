/**
 * The bed / site manager's drill-down (DESIGN section 9): sites with their wards and counts, the beds
 * behind any one number, and the site's flow (admissions and discharges by hour, occupancy over the
 * last days, length of stay). Queries are validated; an unknown value is a 400 naming what is allowed.
 */
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { SITE_BED_FILTERS, type SiteBedFilter, type SiteBedsResponse, type SiteFlowResponse, type SitesResponse } from '@wardflow/shared';
import { z } from 'zod';
import { SitesService } from './sites.service.js';

const bedsQuery = z
  .object({
    wardId: z.string().min(1).max(128).optional(),
    filter: z
      .string()
      .refine((f): f is SiteBedFilter => (SITE_BED_FILTERS as readonly string[]).includes(f), `expected one of ${SITE_BED_FILTERS.join(', ')}`)
      .default('all'),
  })
  .strict();

const flowQuery = z.object({ days: z.coerce.number().int('expected a whole number of days').min(1).max(7).default(3) }).strict();

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  return parsed.data;
}

@Controller()
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get('sites')
  listSites(): Promise<SitesResponse> {
    return this.sites.listSites();
  }

  @Get('sites/:siteId/beds')
  siteBeds(@Param('siteId') siteId: string, @Query() query: unknown): Promise<SiteBedsResponse> {
    const { wardId, filter } = parse(bedsQuery, query);
    return this.sites.siteBeds(siteId, { wardId: wardId ?? null, filter: filter as SiteBedFilter });
  }

  @Get('sites/:siteId/flow')
  siteFlow(@Param('siteId') siteId: string, @Query() query: unknown): Promise<SiteFlowResponse> {
    return this.sites.siteFlow(siteId, parse(flowQuery, query).days);
  }
}
