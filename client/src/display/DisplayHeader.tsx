import { arrivalWords, type Board, type Census, type ExpectedOnBoard } from '@wardflow/shared';
import { WardEscalations } from '../escalations/WardEscalations';
import { freshnessLabel, londonTimeOf, type ScreenFreshness } from './format';

interface DisplayHeaderProps {
  board: Board;
  freshness: ScreenFreshness;
  /** With the connection gone the screen cannot call anything current, whatever the age says (CS-3). */
  connectionLost: boolean;
  /** The server announced a restart and is away: nothing new arrives meanwhile, so nothing is called current. */
  restarting?: boolean;
  /** The estimated server time: "14:30" against "tomorrow 09:00" for expected arrivals. */
  now?: number;
}

const freshnessIcon: Record<ScreenFreshness, string> = { fresh: '✓', stale: '⚠', expired: '✕', waiting: '…' };

/** Ward name, its open escalations, census and, always in the same place, how old the data is (CS-1, CS-2). */
export function DisplayHeader({ board, freshness, connectionLost, restarting = false, now }: DisplayHeaderProps) {
  const profile = board.ward.profile === 'acute' ? 'Acute' : 'Mental health';
  const away = (connectionLost || restarting) && freshness === 'fresh';
  const state = !away
    ? { icon: freshnessIcon[freshness], label: freshnessLabel(freshness) }
    : connectionLost
      ? { icon: '✕', label: 'Connection lost' }
      : { icon: '↻', label: 'Server restarting' };
  return (
    <header className="display-header">
      <div className="display-header__ward">
        <h1 className="display-header__name">{board.ward.name}</h1>
        <p className="display-header__site">
          {board.ward.siteName} · {profile}
        </p>
        <WardEscalations wardId={board.ward.id} />
      </div>
      <div className="display-header__middle">
        <CensusStrip census={board.census} />
        <ExpectedLine expected={board.expected ?? []} now={now ?? Date.parse(board.serverTime)} />
      </div>
      <div className={`as-of as-of--${away ? 'stale' : freshness}`} data-testid="as-of">
        <span className="as-of__time">Data as of {board.asOf === null ? '–' : londonTimeOf(board.asOf)}</span>
        <span className="as-of__state">
          <span aria-hidden="true">{state.icon} </span>
          {state.label}
        </span>
      </div>
    </header>
  );
}

interface CensusItem {
  label: string;
  value: string;
}

function optionalCount(label: string, value: number | undefined): CensusItem[] {
  return value === undefined || value === 0 ? [] : [{ label, value: String(value) }];
}

/** Beds by state on the first line, people moving on the second, as a bed manager reads them. */
function censusLines(census: Census | null): [CensusItem[], CensusItem[]] {
  const n = (value: number | undefined) => (value === undefined ? '–' : String(value));
  const c = census ?? undefined;
  return [
    [
      { label: 'Occupied', value: c === undefined ? '–' : `${c.occupied}/${c.beds}` },
      { label: 'Free', value: n(c?.free) },
      { label: 'Cleaning', value: n(c?.cleaning) },
      { label: 'Closed', value: n(c?.closed) },
      { label: 'Reserved', value: n(c?.reserved) },
      { label: 'Blocked', value: n(c?.blocked) },
      // Shown only when there are some, to keep the line calm; absent on boards stored before they were counted.
      ...optionalCount('Isolated', c?.isolated),
      ...optionalCount('Contaminated', c?.contaminated),
      ...optionalCount('Status unknown', c?.unknown),
    ],
    [
      { label: 'On leave', value: n(c?.onLeave) },
      { label: 'Admitted today', value: n(c?.admittedToday) },
      { label: 'Discharged today', value: n(c?.dischargedToday) },
      { label: 'Expected discharges today', value: n(c?.expectedDischargesToday) },
    ],
  ];
}

function CensusStrip({ census }: { census: Census | null }) {
  return (
    <section className="census" aria-label="Ward census">
      {censusLines(census).map((line, i) => (
        <dl className="census__line" key={i}>
          {line.map((item) => (
            <div className="census__item" key={item.label}>
              <dt className="census__label">{item.label}</dt>
              <dd className="census__value">{item.value}</dd>
            </div>
          ))}
        </dl>
      ))}
    </section>
  );
}

/** Shown at most on the header (one line beside the census); the rest are counted ("+2 more"), never cut off silently. The huddle and the bed manager list them all. */
const EXPECTED_SHOWN = 2;

/**
 * "2 expected: from ED 14:30 · from Ward 3A": who is coming, so the huddle can get a bed ready. Where
 * from and when, never who (SEC-1); a held bed and a side room needed beside it; late in words.
 */
function ExpectedLine({ expected, now }: { expected: readonly ExpectedOnBoard[]; now: number }) {
  if (expected.length === 0) return null;
  const shown = expected.slice(0, EXPECTED_SHOWN);
  return (
    <p className="expected" data-testid="expected">
      <span className="expected__count">{expected.length} expected:</span>{' '}
      {shown.map((arrival, i) => (
        <span key={i} className={`expected__item${arrival.late ? ' expected__item--late' : ''}`}>
          {i > 0 && <span aria-hidden="true"> · </span>}
          {arrivalWords(arrival, now)}
          {arrival.bedLabel !== null && ` (${arrival.bedLabel})`}
          {arrival.needsSideRoom && ', side room'}
        </span>
      ))}
      {expected.length > shown.length && (
        <span className="expected__more"> +{expected.length - shown.length} more</span>
      )}
    </p>
  );
}
