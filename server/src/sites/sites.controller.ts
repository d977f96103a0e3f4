/**
 * The bed / site manager's drill-down (docs/design.md section 9): sites with their wards and counts, the beds
 * behind any one number, and the site's flow (admissions and discharges by hour, occupancy over the
 * last days, length of stay). Queries are validated; an unknown value is a 400 naming what is allowed.
 */
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  grantsAllow,
  SITE_BED_FILTERS,
  type Identity,
  type SiteBedFilter,
  type SiteBedsResponse,
  type SiteFlowResponse,
  type SitesResponse,
  type Ward,
} from '@wardflow/shared';
import { z } from 'zod';
import { Allow, CurrentIdentity } from '../core/access.decorators.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { SitesService } from './sites.service.js';

const bedsQuery = z
  .object({
    wardId: idSchema.optional(),
    filter: z
      .string()
      .refine(
        (f): f is SiteBedFilter => (SITE_BED_FILTERS as readonly string[]).includes(f),
        `expected one of ${SITE_BED_FILTERS.join(', ')}`,
      )
      .default('all'),
  })
  .strict();

const flowQuery = z
  .object({ days: z.coerce.number().int('expected a whole number of days').min(1).max(7).default(3) })
  .strict();

/**
 * Everything here is composed from the wards in the caller's scope only: a bed manager over one site
 * sees that site; one over some wards sees those wards (and site totals made of them, said so by the
 * ward list beside them). A site or ward outside scope is a 403.
 */
@Controller()
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Allow('site.beds')
  @Get('sites')
  listSites(@CurrentIdentity() identity: Identity): Promise<SitesResponse> {
    return this.sites.listSites(inScope(identity));
  }

  @Allow('site.beds', { ward: 'wardId', from: 'query', optional: true })
  @Get('sites/:siteId/beds')
  siteBeds(
    @CurrentIdentity() identity: Identity,
    @Param('siteId', new ZodPipe(idSchema)) siteId: string,
    @Query(new ZodPipe(bedsQuery)) query: z.infer<typeof bedsQuery>,
  ): Promise<SiteBedsResponse> {
    return this.sites.siteBeds(
      siteId,
      { wardId: query.wardId ?? null, filter: query.filter as SiteBedFilter },
      inScope(identity),
    );
  }

  @Allow('site.beds')
  @Get('sites/:siteId/flow')
  siteFlow(
    @CurrentIdentity() identity: Identity,
    @Param('siteId', new ZodPipe(idSchema)) siteId: string,
    @Query(new ZodPipe(flowQuery)) query: z.infer<typeof flowQuery>,
  ): Promise<SiteFlowResponse> {
    return this.sites.siteFlow(siteId, query.days, inScope(identity));
  }
}

function inScope(identity: Identity): (ward: Ward) => boolean {
  return (ward) => grantsAllow(identity.grants, 'site.beds', { ward });
}
