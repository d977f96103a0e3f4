/**
 * What the huddle decided (issue 15 item 7): the ward's open actions under the check-ins, soonest due
 * first, each with its bed (or the ward), owner and due time, carried from the check-in it was
 * recorded at; those closed in the last day after them. Signed-in ward staff record an action and mark
 * one done or dropped; a screen shows the list and nothing to press. Refusals are said in words.
 */
import {
  HUDDLE_ACTION_LIMITS,
  addCalendarDays,
  huddleActionLines,
  londonDate,
  londonWallClock,
  shortLondonClock,
  type Board,
  type CheckInId,
  type HuddleAction,
  type HuddleActionLine,
  type NewHuddleAction,
} from '@wardflow/shared';
import { useState, type FormEvent } from 'react';
import { apiFetch, errorText } from '../auth/api';
import { useApi } from '../api/useApi';

/** Lines shown under the check-ins; the rest are counted, never cut off silently. */
const SHOWN = 4;
const RELOAD_MS = 60_000;

export interface HuddleActionsProps {
  board: Board;
  now: number;
  current: CheckInId;
  /** Signed-in ward staff of this ward: may record and close actions. */
  mayRecord: boolean;
  /** Goes up when the server says the ward's actions changed (the ward feed's nudges): read them again. */
  changed?: number;
}

export function HuddleActions({ board, now, current, mayRecord, changed = 0 }: HuddleActionsProps) {
  const path = `/api/wards/${encodeURIComponent(board.ward.id)}/huddle/actions`;
  // Read again when told, and on a timer in case a nudge was lost (Redis or the socket away).
  const actions = useApi<HuddleAction[]>(path, { reloadMs: RELOAD_MS, refreshKey: changed });
  const [recording, setRecording] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { open, closed } = huddleActionLines(actions.data ?? [], now, current);
  const lines = [...open, ...closed];
  const shown = lines.slice(0, SHOWN);

  const close = async (id: number, status: 'done' | 'dropped') => {
    setFailure(null);
    try {
      await apiFetch<HuddleAction>(`${path}/${id}/close`, { method: 'POST', body: { status } });
    } catch (error) {
      setFailure(errorText(error));
    }
    actions.reload();
  };

  return (
    <section className="huddle-actions" aria-labelledby="huddle-actions-title">
      <div className="huddle-actions__head">
        <h2 className="huddle-actions__title" id="huddle-actions-title">
          Actions <span className="huddle-section__count">({open.length} open)</span>
        </h2>
        {mayRecord && !recording && (
          <button type="button" className="huddle-actions__add" onClick={() => setRecording(true)}>
            Record an action
          </button>
        )}
        {actions.error !== null && (
          <p className="huddle-actions__error" role="alert">
            Actions could not be loaded: {actions.error}
          </p>
        )}
        {failure !== null && (
          <p className="huddle-actions__error" role="alert">
            {failure}
          </p>
        )}
      </div>
      {recording && (
        <ActionForm
          board={board}
          now={now}
          current={current}
          path={path}
          onDone={() => {
            setRecording(false);
            actions.reload();
          }}
        />
      )}
      {actions.data !== null && lines.length === 0 && (
        <p className="huddle-actions__none">No actions recorded at this ward&apos;s huddles in the last day.</p>
      )}
      {shown.length > 0 && (
        <ul className="huddle-actions__list" data-testid="huddle-actions">
          {shown.map((line) => (
            <ActionLine key={line.id} line={line} now={now} mayClose={mayRecord} onClose={close} />
          ))}
        </ul>
      )}
      {lines.length > shown.length && (
        <p className="huddle-section__more">
          +{lines.length - shown.length} more:{' '}
          {lines
            .slice(SHOWN)
            .map((l) => l.bed ?? 'Ward')
            .join(', ')}
        </p>
      )}
    </section>
  );
}

function ActionLine({
  line,
  now,
  mayClose,
  onClose,
}: {
  line: HuddleActionLine;
  now: number;
  mayClose: boolean;
  onClose: (id: number, status: 'done' | 'dropped') => Promise<void>;
}) {
  const isOpen = line.status === 'open';
  const state = isOpen
    ? line.overdue
      ? `OVERDUE, was due ${shortLondonClock(line.dueAt, now)}`
      : `due ${shortLondonClock(line.dueAt, now)}`
    : `${line.status === 'done' ? 'Done' : 'Dropped'} ${shortLondonClock(line.closedAt ?? line.dueAt, now)} by ${line.closedBy ?? 'unknown'}`;
  return (
    <li
      className={`huddle-action${line.overdue ? ' huddle-action--overdue' : ''}${isOpen ? '' : ' huddle-action--closed'}`}
    >
      <span className="huddle-action__bed">{line.bed ?? 'Ward'}</span>
      <span className="huddle-action__text">{line.text}</span>
      <span className="huddle-action__owner">{line.owner}</span>
      <span className="huddle-action__due">{state}</span>
      {line.carried !== null && <span className="huddle-action__carried">{line.carried}</span>}
      {line.task?.error != null && <span className="huddle-action__task-error">Not in the EPR: {line.task.error}</span>}
      {isOpen && mayClose && (
        <span className="huddle-action__buttons">
          <button type="button" onClick={() => void onClose(line.id, 'done')} aria-label={`Done: ${line.text}`}>
            Done
          </button>
          <button type="button" onClick={() => void onClose(line.id, 'dropped')} aria-label={`Drop: ${line.text}`}>
            Drop
          </button>
        </span>
      )}
    </li>
  );
}

/** Today or tomorrow at a London time: the clock on the ward, whatever the screen's own time zone. */
function dueFrom(day: 'today' | 'tomorrow', time: string, now: number): string | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (match === null) return null;
  const date = day === 'today' ? londonDate(now) : addCalendarDays(londonDate(now), 1);
  return londonWallClock(date, Number(match[1]), Number(match[2])).toISOString();
}

function ActionForm({
  board,
  now,
  current,
  path,
  onDone,
}: {
  board: Board;
  now: number;
  current: CheckInId;
  path: string;
  onDone: () => void;
}) {
  const patients = [
    ...board.beds.flatMap((b) => (b.patient === null ? [] : [{ bed: b.label, patient: b.patient }])),
    ...board.unplaced.map((u) => ({ bed: 'Not in a bed', patient: u.patient })),
  ];
  const [who, setWho] = useState('');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [day, setDay] = useState<'today' | 'tomorrow'>('today');
  const [time, setTime] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const dueAt = dueFrom(day, time, now);
    if (dueAt === null) {
      setProblem('Say when it is due (hh:mm)');
      return;
    }
    const chosen = patients.find((p) => p.patient.encounterId === who);
    const action: NewHuddleAction = {
      bed: chosen?.bed ?? null,
      encounterId: chosen?.patient.encounterId ?? null,
      text,
      owner,
      dueAt,
      checkIn: current,
    };
    setSaving(true);
    setProblem(null);
    try {
      await apiFetch<HuddleAction>(path, { method: 'POST', body: action });
      onDone();
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="huddle-action-form" onSubmit={(e) => void submit(e)} aria-label="Record an action">
      <label>
        For
        <select aria-label="For" value={who} onChange={(e) => setWho(e.target.value)}>
          <option value="">The whole ward</option>
          {patients.map(({ bed, patient }) => (
            <option key={patient.encounterId} value={patient.encounterId}>
              {bed}
              {patient.initials === null ? '' : ` ${patient.initials}`}
            </option>
          ))}
        </select>
      </label>
      <label className="huddle-action-form__text">
        What (no names or NHS numbers)
        <input
          aria-label="What (no names or NHS numbers)"
          value={text}
          maxLength={HUDDLE_ACTION_LIMITS.textMax}
          onChange={(e) => setText(e.target.value)}
          required
        />
      </label>
      <label>
        Who
        <input
          aria-label="Who"
          value={owner}
          maxLength={HUDDLE_ACTION_LIMITS.ownerMax}
          onChange={(e) => setOwner(e.target.value)}
          required
        />
      </label>
      <label>
        Due
        <select aria-label="Due" value={day} onChange={(e) => setDay(e.target.value as 'today' | 'tomorrow')}>
          <option value="today">today</option>
          <option value="tomorrow">tomorrow</option>
        </select>
      </label>
      <label>
        at
        <input aria-label="at" type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
      </label>
      <button type="submit" disabled={saving}>
        Record
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {problem !== null && (
        <p className="huddle-actions__error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
