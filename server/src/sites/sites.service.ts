/**
 * The bed manager's drill-down as the API serves it: site -> ward -> bed, composed by the shared rules
 * from the stored snapshots at the current server time. Each request reads the ward list and the
 * snapshots once (one query each), whatever the number of wards.
 */
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  composeSiteBeds,
  composeSiteFlow,
  composeSites,
  type SiteBedFilter,
  type SiteBedsResponse,
  type SiteFlowResponse,
  type SiteRules,
  type SitesResponse,
  type SiteWardInput,
  type Ward,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { BoardRepository } from '../store/board.repository.js';
import { SiteRepository } from '../store/site.repository.js';

const DAY_MS = 24 * 3_600_000;

@Injectable()
export class SitesService {
  constructor(
    private readonly boards: BoardRepository,
    private readonly sites: SiteRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every site with at least one ward in scope, made of those wards only. */
  async listSites(inScope: (ward: Ward) => boolean = () => true): Promise<SitesResponse> {
    const wards = (await this.boards.liveWards()).filter(inScope);
    return composeSites(await this.inputs(wards), this.clock(), this.rules());
  }

  async siteBeds(
    siteId: string,
    query: { wardId: string | null; filter: SiteBedFilter },
    inScope: (ward: Ward) => boolean = () => true,
  ): Promise<SiteBedsResponse> {
    const wards = await this.wardsOf(siteId, inScope);
    if (query.wardId !== null && !wards.some((w) => w.id === query.wardId))
      throw new NotFoundException(`Unknown ward ${query.wardId} on site ${siteId}`);
    const first = wards[0] as Ward;
    return composeSiteBeds(
      { siteId, siteName: first.siteName },
      await this.inputs(wards),
      query,
      this.clock(),
      this.rules(),
    );
  }

  async siteFlow(
    siteId: string,
    days: number,
    inScope: (ward: Ward) => boolean = () => true,
  ): Promise<SiteFlowResponse> {
    const wards = await this.wardsOf(siteId, inScope);
    const now = this.clock();
    const ids = wards.map((w) => w.id);
    const [inputs, history] = await Promise.all([
      this.inputs(wards),
      this.sites.hourlyCensus(ids, new Date(now - days * DAY_MS), new Date(now)),
    ]);
    const first = wards[0] as Ward;
    return composeSiteFlow({ siteId, siteName: first.siteName }, inputs, history, days, now, this.rules());
  }

  /** The site's wards in scope; a site is known by its wards, so one with none is unknown, and one with none in scope refused. */
  private async wardsOf(siteId: string, inScope: (ward: Ward) => boolean): Promise<Ward[]> {
    const wards = (await this.boards.liveWards()).filter((w) => w.siteId === siteId);
    if (wards.length === 0) throw new NotFoundException(`Unknown site ${siteId}`);
    const visible = wards.filter(inScope);
    if (visible.length === 0) throw new ForbiddenException('Your role does not cover this site.');
    return visible;
  }

  private async inputs(wards: readonly Ward[]): Promise<SiteWardInput[]> {
    const rows = await this.sites.snapshots(wards.map((w) => w.id));
    const byWard = new Map(rows.map((r) => [r.wardId, r]));
    return wards.map((ward) => {
      const row = byWard.get(ward.id);
      return {
        ward,
        snapshot: row?.snapshot ?? null,
        staleReason: row?.staleReason ?? null,
        lastPollOk: row?.lastPollOk ?? null,
      };
    });
  }

  private rules(): SiteRules {
    return { cleaningAlertAfterMs: this.config.cleaningAlertAfterMs };
  }
}
