/**
 * /sites: every site with its wards as a table, each count a link to the beds behind it. Pure:
 * everything comes in through props, so tests render it with built data.
 */
import type { SitesResponse } from '@wardflow/shared';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { freshnessNow, percentLabel } from './sites-format';
import { SitesDataLine, SitesPending } from './SitesDataLine';
import { SitesHeader } from './SitesHeader';
import { SiteWardsTable } from './SiteWardsTable';

export interface SitesScreenProps {
  data: SitesResponse | null;
  error: string | null;
  serverNow: number | null;
  /** The live escalations section (EscalationsSection), shown under the title; absent in tests of the tables. */
  escalations?: ReactNode;
}

export function SitesScreen({ data, error, serverNow, escalations }: SitesScreenProps) {
  const freshnessOf = (row: { freshness: SitesResponse['freshness']; asOf: string | null }) =>
    freshnessNow(row.freshness, row.asOf, serverNow);
  const wards = data?.sites.flatMap((s) => s.wards) ?? [];
  const notCurrent = wards.map((w) => ({ ...w, freshness: freshnessOf(w) })).filter((w) => w.freshness !== 'fresh');
  return (
    <main className="sites">
      <SitesHeader title="Bed management" trail={[{ label: 'Sites' }]} />
      {escalations}
      {data === null ? (
        <SitesPending failed="Could not load the sites:" loading="Loading sites…" error={error} />
      ) : (
        <>
          <SitesDataLine asOf={data.asOf} freshness={freshnessOf(data)} notCurrent={notCurrent} error={error} />
          {data.sites.length === 0 && <p className="sites-note">No wards are set up yet.</p>}
          {data.sites.map((site) => (
            <section key={site.siteId} className="sites-site" aria-labelledby={`site-${site.siteId}`}>
              <div className="sites-site__bar">
                <h2 id={`site-${site.siteId}`} className="sites-site__name">
                  <Link to={`/sites/${encodeURIComponent(site.siteId)}`}>{site.siteName}</Link>
                </h2>
                <p className="sites-site__summary">
                  {site.totals.beds} beds · {percentLabel(site.totals.occupancyPercent)} occupied · {site.totals.free}{' '}
                  free · {site.totals.cleaning} cleaning
                </p>
                <Link className="sites-site__more" to={`/sites/${encodeURIComponent(site.siteId)}`}>
                  Flow and length of stay
                </Link>
              </div>
              <SiteWardsTable site={site} cleaningAlertAfterMs={data.cleaningAlertAfterMs} freshnessOf={freshnessOf} />
            </section>
          ))}
        </>
      )}
    </main>
  );
}
