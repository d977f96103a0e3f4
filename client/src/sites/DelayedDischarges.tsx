/**
 * The bed manager's bottlenecks (issue: discharge readiness): delayed discharges by reason and
 * pathway, with the days the patients have waited since they were ready. A table rather than a chart:
 * the manager reads across a reason to the pathway that holds it, and a count is a number to act on.
 * The delayed number links to the patients behind it.
 */
import { DISCHARGE_PATHWAY_TEXT, type DelayedDischargeSummary } from '@wardflow/shared';
import { Link } from 'react-router';

const PATHWAYS = [0, 1, 2, 3] as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The same facts in one sentence, for the caption and for screen readers. */
export function delayedDischargesSummary(summary: DelayedDischargeSummary): string {
  if (summary.patients === 0)
    return summary.readyToday === 0
      ? 'No delayed discharges.'
      : `No delayed discharges; ${plural(summary.readyToday, 'patient')} ready today.`;
  const top = summary.byReason[0];
  return [
    `${plural(summary.patients, 'delayed discharge')}, ${plural(summary.daysWaiting, 'day')} waited since ready`,
    top === undefined ? null : `most often: ${top.label.toLowerCase()} (${top.patients})`,
    summary.readyToday > 0 ? `${summary.readyToday} more ready today` : null,
  ]
    .filter((part): part is string => part !== null)
    .join('; ')
    .concat('.');
}

export function DelayedDischarges({ siteId, summary }: { siteId: string; summary: DelayedDischargeSummary }) {
  const pathwayTotals = summary.byPathway;
  const total = (pathway: number | null) => pathwayTotals.find((p) => p.pathway === pathway)?.patients ?? 0;
  return (
    <section className="sites-delays" aria-labelledby="delays-title">
      <h2 id="delays-title" className="sites-flow__title">
        Delayed discharges:{' '}
        <Link to={`/sites/${encodeURIComponent(siteId)}/beds?filter=delayed`}>
          {plural(summary.patients, 'patient')}
        </Link>
      </h2>
      <p className="sites-delays__summary" data-testid="delays-summary">
        {delayedDischargesSummary(summary)}
      </p>
      {summary.patients > 0 && (
        <table className="sites-table sites-delays__table">
          <caption className="sites-delays__caption">
            Patients ready to leave a day or more ago, by what holds them and their pathway. A patient with two reasons
            is counted under each.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="sites-table__ward">
                Reason for delay
              </th>
              {PATHWAYS.map((p) => (
                <th scope="col" key={p}>
                  Pathway {p}
                  <span className="sites-table__time">{DISCHARGE_PATHWAY_TEXT[p]}</span>
                </th>
              ))}
              <th scope="col">No pathway recorded</th>
              <th scope="col">Patients</th>
              <th scope="col">Days waited</th>
            </tr>
          </thead>
          <tbody>
            {summary.byReason.map((row) => (
              <tr key={row.reason ?? `local:${row.label}`}>
                <th scope="row" className="sites-table__ward">
                  {row.label}
                  {row.reason === null && <span className="sites-tag"> (local code, not mapped)</span>}
                </th>
                {row.byPathway.map((n, i) => (
                  <td key={i} className="sites-count">
                    {n === 0 ? '–' : n}
                  </td>
                ))}
                <td className="sites-count">{row.patients}</td>
                <td className="sites-count">{row.daysWaiting}</td>
              </tr>
            ))}
            {summary.withoutReason > 0 && (
              <tr>
                <th scope="row" className="sites-table__ward sites-table__nodata">
                  No reason recorded
                  {summary.fromTasksOnly > 0 &&
                    ` (${summary.fromTasksOnly} from a discharge task only: no ready date or pathway)`}
                </th>
                <td colSpan={5} />
                <td className="sites-count">{summary.withoutReason}</td>
                <td />
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="sites-table__ward">
                All delayed patients
              </th>
              {[...PATHWAYS, null].map((p) => (
                <td key={String(p)} className="sites-count">
                  {total(p)}
                </td>
              ))}
              <td className="sites-count">{summary.patients}</td>
              <td className="sites-count">{summary.daysWaiting}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
