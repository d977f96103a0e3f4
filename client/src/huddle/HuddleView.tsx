/**
 * The huddle view: the ward's board as the day's structured check-ins run. The check-in the time of
 * day calls for comes first and widest; the others follow, so a huddle at any hour sees everything.
 * The header, freshness banner and connection overlay are the wall display's own: the same truth
 * rules apply (CS-1, CS-2, CS-3), and with expired data the urgent marks lose their colour, never
 * their words. For staff whose role includes patient detail, each bed links to it (never on the
 * wall display: walls are for screens).
 */
import { huddleAgenda, type Board, type HuddleItem, type HuddleSection } from '@wardflow/shared';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ConnectionLostOverlay } from '../display/ConnectionLostOverlay';
import { DisplayHeader } from '../display/DisplayHeader';
import { screenFreshness } from '../display/format';
import { FreshnessBanner } from '../display/FreshnessBanner';
import { SafetyStrip } from '../display/SafetyStrip';
import { NoBoardYet, type WardDisplayProps } from '../display/WardDisplay';
import { ErrorBanner } from '../ui/ErrorBanner';
import { HuddleActions } from './HuddleActions';
import { OutcomeRunCharts } from './OutcomeRunCharts';

const CHECK_IN_NAME: Record<HuddleSection['id'], string> = {
  safety: 'Morning safety huddle',
  care: 'Midday care review',
  flow: 'Afternoon discharge huddle',
  unwell: 'Becoming unwell',
};

export interface HuddleViewProps extends WardDisplayProps {
  /** The viewer may open patient detail on this ward: bed labels become links to it. */
  mayOpenPatient?: boolean;
  /** The viewer may record the huddle's actions and close them (signed-in ward staff of this ward). */
  mayRecord?: boolean;
  /** The ward feed's count of "actions changed" nudges: the actions are read again as it goes up. */
  actionsChanged?: number;
}

/** Patient detail address per encounter on the board; patients not in a bed have none. */
function patientLinks(board: Board): Map<string, string> {
  const links = new Map<string, string>();
  for (const bed of board.beds) {
    if (bed.patient !== null)
      links.set(
        bed.patient.encounterId,
        `/wards/${encodeURIComponent(board.ward.id)}/beds/${encodeURIComponent(bed.id)}`,
      );
  }
  return links;
}

export function HuddleView({
  wardId,
  board,
  serverNow,
  connection,
  error,
  mayOpenPatient = false,
  mayRecord = false,
  actionsChanged = 0,
}: HuddleViewProps) {
  if (board === null) return <NoBoardYet wardId={wardId} connection={connection} error={error} />;
  const now = serverNow ?? Date.parse(board.serverTime);
  const freshness = screenFreshness(board, now);
  const riskColours = freshness === 'fresh' || freshness === 'stale';
  const agenda = huddleAgenda(board, now);
  const links = mayOpenPatient ? patientLinks(board) : new Map<string, string>();
  return (
    <main className={`display huddle display--${freshness}`}>
      <DisplayHeader
        board={board}
        freshness={freshness}
        connectionLost={connection === 'lost'}
        restarting={connection === 'restarting'}
        now={now}
      />
      <SafetyStrip safety={board.safety} staffing={board.staffing} riskColours={riskColours} now={now} />
      <ErrorBanner title="Server problem:" error={error} />
      <FreshnessBanner board={board} freshness={freshness} />
      <div className="huddle__sections">
        {agenda.sections.map((section) => (
          <Section
            key={section.id}
            section={section}
            current={section.id === agenda.current}
            riskColours={riskColours}
            links={links}
          />
        ))}
      </div>
      <div className="huddle__foot">
        <HuddleActions
          board={board}
          now={now}
          current={agenda.current}
          mayRecord={mayRecord}
          changed={actionsChanged}
        />
        <OutcomeRunCharts wardId={board.ward.id} now={now} colours={riskColours} />
      </div>
      {connection === 'lost' && <ConnectionLostOverlay asOf={board.asOf} />}
    </main>
  );
}

function Section({
  section,
  current,
  riskColours,
  links,
}: {
  section: HuddleSection;
  current: boolean;
  riskColours: boolean;
  links: Map<string, string>;
}) {
  const headingId = `huddle-${section.id}`;
  const { listRef, shown } = useFittedCount(section.items);
  const rest = section.items.slice(shown);
  return (
    <section className={`huddle-section${current ? ' huddle-section--current' : ''}`} aria-labelledby={headingId}>
      <h2 className="huddle-section__title" id={headingId}>
        {current && <span className="huddle-section__now">Now · {CHECK_IN_NAME[section.id]}</span>}
        {section.title} <span className="huddle-section__count">({section.items.length})</span>
      </h2>
      <p className="huddle-section__prompt">{section.prompt}</p>
      {section.summary !== undefined && <p className="huddle-section__summary">{section.summary}</p>}
      {section.items.length === 0 ? (
        <p className="huddle-section__none">
          <span aria-hidden="true">✓ </span>Nobody on the board for this
        </p>
      ) : (
        <>
          <ul className="huddle-section__items" ref={listRef}>
            {section.items.slice(0, shown).map((item) => (
              <Item
                key={item.encounterId}
                item={item}
                riskColours={riskColours}
                link={links.get(item.encounterId) ?? null}
              />
            ))}
          </ul>
          {rest.length > 0 && (
            <p className="huddle-section__more">
              +{rest.length} more: {rest.map((item) => item.bed).join(', ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Item({ item, riskColours, link }: { item: HuddleItem; riskColours: boolean; link: string | null }) {
  const urgent = item.severity === 'urgent';
  return (
    <li className={`huddle-item${urgent ? (riskColours ? ' huddle-item--urgent' : ' huddle-item--urgent-muted') : ''}`}>
      <span className="huddle-item__who">
        {link === null ? (
          <span className="huddle-item__bed">{item.bed}</span>
        ) : (
          <Link
            className="huddle-item__bed huddle-item__bed--link"
            to={link}
            aria-label={`${item.bed}: patient detail`}
          >
            {item.bed}
          </Link>
        )}
        {item.initials !== null && <span className="huddle-item__initials">{item.initials}</span>}
        {urgent && <span className="huddle-item__flag">URGENT</span>}
      </span>
      <FittedReasons reasons={item.reasons} />
    </li>
  );
}

/**
 * A patient's reasons in the two lines the column gives them: as many whole reasons as fit, then how
 * many more ("(+1 more)"), so a reason is never cut off without saying so. The bed's drill-down has
 * them all; the tooltip too.
 */
export function FittedReasons({ reasons }: { reasons: readonly string[] }) {
  const ref = useRef<HTMLSpanElement>(null);
  const key = reasons.join('|');
  const [fit, setFit] = useState({ key, shown: reasons.length });
  const shown = fit.key === key ? fit.shown : reasons.length;
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    if (element.scrollHeight > element.clientHeight + 1 && shown > 1) setFit({ key, shown: shown - 1 });
    else if (fit.key !== key) setFit({ key, shown });
    // The column's width is fixed on a screen: the reasons, and each step down, are what change the fit.
  }, [shown, key, fit.key]);
  const rest = reasons.length - shown;
  return (
    <span className="huddle-item__reasons" title={reasons.join(' · ')} ref={ref}>
      {reasons.slice(0, shown).join(' · ')}
      {rest > 0 && <span className="huddle-item__more-reasons"> (+{rest} more)</span>}
    </span>
  );
}

/**
 * How many patients fit the column on this screen: all of them, less one at a time while the list
 * overflows. The rest are named by bed under the list, so a long list is shortened visibly and
 * never cut off silently. Starts again whenever the list itself changes.
 */
function useFittedCount(items: readonly HuddleItem[]) {
  const listRef = useRef<HTMLUListElement>(null);
  // The room changes without the board changing (the actions' form opening below): fit again from the whole list.
  const [resized, setResized] = useState(0);
  const hasList = items.length > 0;
  useEffect(() => {
    const list = listRef.current;
    if (list === null || typeof ResizeObserver === 'undefined') return undefined;
    let height = list.clientHeight;
    const observer = new ResizeObserver(() => {
      if (list.clientHeight === height) return;
      height = list.clientHeight;
      setResized((n) => n + 1);
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, [hasList]);
  const key = `${resized}#${items.map((i) => `${i.encounterId}:${i.reasons.join('|')}`).join(',')}`;
  const [fit, setFit] = useState({ key, shown: items.length });
  const shown = fit.key === key ? fit.shown : items.length;
  // No dependency list on purpose: any re-render (the feed's 2 s tick after a resize, say) may change what fits.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list === null) return;
    if (list.scrollHeight > list.clientHeight + 1 && shown > 1) setFit({ key, shown: shown - 1 });
    else if (fit.key !== key) setFit({ key, shown });
  });
  return { listRef, shown };
}
