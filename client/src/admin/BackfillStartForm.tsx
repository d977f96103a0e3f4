import { BACKFILL_MAX_DAYS, type BackfillRun } from '@wardflow/shared';
import { useId, useState, type FormEvent } from 'react';
import { AdminError } from './AdminError';
import { backfillDays, countText, dateRangeText } from './backfill-format';

/** What asking for a run did: a new run, or the one already running (the server's 409). */
export type BackfillStartOutcome = { started: BackfillRun } | { running: BackfillRun };

interface BackfillStartFormProps {
  /** The days the box starts with. */
  defaultDays: number;
  /** The run now running, if any: another cannot start until it ends. */
  running: BackfillRun | null;
  onStart: (days: number) => Promise<BackfillStartOutcome>;
}

/**
 * Asking for a run: how many days before today, then a question naming them, since a run reads the
 * FHIR server for every ward and takes a while. Nothing is sent until the person says yes.
 */
export function BackfillStartForm({ defaultDays, running, onStart }: BackfillStartFormProps) {
  const id = useId();
  const [text, setText] = useState(String(defaultDays));
  const [asking, setAsking] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const blocked = running !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blocked || busy) return;
    const checked = backfillDays(text);
    setDone(null);
    if ('error' in checked) {
      setError(checked.error);
      setAsking(null);
      return;
    }
    setError(null);
    setAsking(checked.days);
  };

  const start = (days: number) => {
    setAsking(null);
    setBusy(true);
    onStart(days).then(
      (outcome) => {
        if ('started' in outcome) {
          const run = outcome.started;
          setDone(`Run ${run.id} started: ${countText(run.days)} days, ${dateRangeText(run.from, run.to)}.`);
        } else {
          setError(`A backfill is already running (run ${outcome.running.id}).`);
        }
        setBusy(false);
      },
      (e: unknown) => {
        setError(`The backfill was not started: ${(e as Error).message}`);
        setBusy(false);
      },
    );
  };

  return (
    <form className="admin-form" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h2 id={`${id}-title`}>Start a backfill</h2>
      <p className="admin-note">
        Ask again after adding a staffing or incident feed, to go further back, or to carry on after a run that finished
        with failures: what was already written is kept.
      </p>
      <div className="admin-form__row">
        <label htmlFor={`${id}-days`}>Days before today (1 to {countText(BACKFILL_MAX_DAYS)})</label>
        <input
          id={`${id}-days`}
          type="number"
          inputMode="numeric"
          min={1}
          max={BACKFILL_MAX_DAYS}
          step={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setAsking(null);
          }}
        />
      </div>
      {asking !== null && !blocked ? (
        <BackfillQuestion days={asking} onYes={() => start(asking)} onCancel={() => setAsking(null)} />
      ) : (
        <button
          type="submit"
          className="admin-button admin-button--primary"
          disabled={blocked || busy}
          aria-describedby={blocked ? `${id}-blocked` : undefined}
        >
          {busy ? 'Starting…' : 'Backfill history'}
        </button>
      )}
      {blocked && (
        <p id={`${id}-blocked`} className="admin-note">
          A backfill is running now (run {running.id}): another can start once it has finished.
        </p>
      )}
      <AdminError message={error} />
      {done !== null && (
        <p className="admin-done" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

function BackfillQuestion({ days, onYes, onCancel }: { days: number; onYes: () => void; onCancel: () => void }) {
  const question = `Backfill the past ${countText(days)} ${days === 1 ? 'day' : 'days'} for every live ward? It reads the FHIR server ward by ward and can take a while.`;
  return (
    <span className="admin-confirm" role="group" aria-label={question}>
      <span className="admin-confirm__question">{question}</span>{' '}
      <button type="button" className="admin-button admin-button--primary" onClick={onYes}>
        Yes, backfill history
      </button>{' '}
      <button type="button" className="admin-button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
