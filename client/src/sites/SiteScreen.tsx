/**
 * /sites/:siteId: the site's wards (each count a link to its beds) and its flow charts. Pure.
 */
import type { SiteFlowResponse, SitesResponse } from '@wardflow/shared';
import { Link } from 'react-router';
import { DelayedDischarges } from './DelayedDischarges';
import { FlowCharts } from './FlowCharts';
import { freshnessNow } from './sites-format';
import { SitesDataLine, SitesPending } from './SitesDataLine';
import { SitesHeader } from './SitesHeader';
import { SiteWardsTable } from './SiteWardsTable';

export interface SiteScreenProps {
  siteId: string;
  sites: SitesResponse | null;
  flow: SiteFlowResponse | null;
  error: string | null;
  serverNow: number | null;
}

export function SiteScreen({ siteId, sites, flow, error, serverNow }: SiteScreenProps) {
  const site = sites?.sites.find((s) => s.siteId === siteId);
  const freshnessOf = (row: { freshness: SitesResponse['freshness']; asOf: string | null }) =>
    freshnessNow(row.freshness, row.asOf, serverNow);
  const title = site?.siteName ?? flow?.siteName ?? 'Site';
  const notCurrent = (site?.wards ?? [])
    .map((w) => ({ ...w, freshness: freshnessOf(w) }))
    .filter((w) => w.freshness !== 'fresh');
  return (
    <main className="sites">
      <SitesHeader title={title} trail={[{ label: 'Sites', to: '/sites' }, { label: title }]} />
      {site === undefined ? (
        error !== null || sites === null ? (
          <SitesPending failed="Could not load this site:" loading="Loading…" error={error} />
        ) : (
          <p className="sites-note" role="status">
            No site {siteId} is known. <Link to="/sites">All sites</Link>
          </p>
        )
      ) : (
        <>
          <SitesDataLine asOf={site.asOf} freshness={freshnessOf(site)} notCurrent={notCurrent} error={error} />
          <section className="sites-site" aria-label={`${site.siteName} wards`}>
            <SiteWardsTable
              site={site}
              cleaningAlertAfterMs={sites?.cleaningAlertAfterMs ?? 0}
              freshnessOf={freshnessOf}
            />
          </section>
          {flow !== null && <DelayedDischarges siteId={siteId} summary={flow.delayedDischarges} />}
          <section className="sites-flow" aria-labelledby="flow-title">
            <h2 id="flow-title" className="sites-flow__title">
              Flow
            </h2>
            {flow === null ? (
              error === null && (
                <p className="sites-note" role="status">
                  Loading flow…
                </p>
              )
            ) : (
              <FlowCharts flow={flow} />
            )}
          </section>
        </>
      )}
    </main>
  );
}
