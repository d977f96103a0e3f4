import { AUDIT_ACTIONS, type AuditAction } from '@wardflow/shared';
import { useId, useState, type FormEvent } from 'react';
import { AUDIT_ACTION_WORDS, AUDIT_OUTCOME_WORDS } from './admin-format';
import { AdminError } from './AdminError';
import { NO_FILTERS, type AuditFilters } from './audit-query';

interface AuditFiltersFormProps {
  /** The filters in force (from the page address). */
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  /** What is wrong with the filters typed, in words. */
  error: string | null;
}

/** Narrowing the log: times in London time, action and outcome from lists, ids as recorded. */
export function AuditFiltersForm({ applied, onApply, error }: AuditFiltersFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const field = (key: keyof AuditFilters) => ({
    id: `${id}-${key}`,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="admin-form admin-form--filters" aria-label="Filter the audit log" onSubmit={submit}>
      <div className="admin-form__row">
        <label htmlFor={`${id}-from`}>From (London time)</label>
        <input type="datetime-local" {...field('from')} />
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-to`}>To (London time)</label>
        <input type="datetime-local" {...field('to')} />
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-action`}>Action</label>
        <select {...field('action')}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((a: AuditAction) => (
            <option key={a} value={a}>
              {AUDIT_ACTION_WORDS[a]}
            </option>
          ))}
        </select>
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select {...field('outcome')}>
          <option value="">Any outcome</option>
          {(['success', 'failure', 'denied'] as const).map((o) => (
            <option key={o} value={o}>
              {AUDIT_OUTCOME_WORDS[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-actorId`}>Actor id</label>
        <input {...field('actorId')} spellCheck={false} />
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-wardId`}>Ward id</label>
        <input {...field('wardId')} spellCheck={false} />
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-patientId`}>Patient id (FHIR)</label>
        <input {...field('patientId')} spellCheck={false} />
      </div>
      <div className="admin-form__buttons">
        <button type="submit" className="admin-button admin-button--primary">
          Show entries
        </button>{' '}
        <button
          type="button"
          className="admin-button"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear filters
        </button>
      </div>
      <AdminError message={error} />
    </form>
  );
}
