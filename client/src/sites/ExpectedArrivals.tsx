/**
 * The bed manager's expected arrivals (issue 15 item 6): each planned admission or transfer in on the
 * wards in scope, soonest first, beside the free beds of its ward that could take them (same-sex
 * accommodation, a side room for isolation), or why none can. Initials only, as on the beds list.
 */
import { arrivalWords, type SiteArrivalRow } from '@wardflow/shared';
import { isolationLabel } from '../display/format';
import { ColumnHeads } from '../ui/ColumnHeads';

const SEX_WORDS: Record<NonNullable<SiteArrivalRow['sex']>, string> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Not recorded',
};

/** "Bed 4 (Bay B)", with what to check: "Bed 9 (Side room 1): side room". */
function fitWords(fit: SiteArrivalRow['fits'][number]): string {
  const place = fit.area === null ? fit.label : `${fit.label} (${fit.area})`;
  return fit.note === null ? place : `${place}: ${fit.note}`;
}

export function ExpectedArrivals({ arrivals, now }: { arrivals: readonly SiteArrivalRow[]; now: number }) {
  const unplaceable = arrivals.filter((a) => a.fits.length === 0).length;
  return (
    <section className="sites-arrivals" aria-labelledby="arrivals-title">
      <h2 id="arrivals-title" className="sites-flow__title">
        Expected arrivals: {arrivals.length}
      </h2>
      <p className="sites-note" data-testid="arrivals-summary">
        {arrivals.length === 0
          ? 'Nobody expected on these wards in the next day.'
          : unplaceable === 0
            ? 'A bed fits each patient expected.'
            : `${unplaceable} expected ${unplaceable === 1 ? 'patient has' : 'patients have'} no bed that fits on their ward.`}
      </p>
      {arrivals.length > 0 && (
        <table className="sites-table sites-arrivals__table" aria-label="Expected arrivals and the beds that fit">
          <ColumnHeads columns={['Ward', 'Expected', 'Patient', 'Needs', 'Beds that fit']} />
          <tbody>
            {arrivals.map((a, i) => (
              <tr key={`${a.wardId}/${i}`} className={a.fits.length === 0 ? 'sites-arrivals__row--nofit' : undefined}>
                <th scope="row" className="sites-table__ward">
                  {a.wardName}
                </th>
                <td>
                  {a.kind === 'transfer' ? 'Transfer ' : 'Admission '}
                  {arrivalWords(a, now)}
                  {a.late && <span className="sites-arrivals__late"> (check the PAS)</span>}
                </td>
                <td>
                  {a.initials ?? '–'}
                  <span className="sites-table__time">{a.sex === null ? 'Sex unknown' : SEX_WORDS[a.sex]}</span>
                </td>
                <td>
                  {a.isolation === null ? 'No isolation' : `${isolationLabel(a.isolation)} (side room)`}
                  {a.alerts.length > 0 && <span className="sites-table__time">{a.alerts.join(', ')}</span>}
                </td>
                <td>
                  {a.fits.length === 0 ? (
                    <strong className="sites-arrivals__nofit">{a.noFit}</strong>
                  ) : (
                    <ul className="sites-arrivals__fits">
                      {a.fits.slice(0, 4).map((fit) => (
                        <li key={fit.bedId}>{fitWords(fit)}</li>
                      ))}
                      {a.fits.length > 4 && <li className="sites-table__time">and {a.fits.length - 4} more</li>}
                    </ul>
                  )}
                  {a.problems.map((p) => (
                    <span key={p} className="sites-arrivals__problem">
                      {p}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
