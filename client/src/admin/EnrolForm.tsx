import type { DeviceEnrolRequest } from '@wardflow/shared';
import { useId, type FormEvent } from 'react';
import { AdminError } from './AdminError';
import { enrolRequest, type BindingOption } from './binding-options';

export interface EnrolDraft {
  code: string;
  name: string;
  /** A BindingOption value, or '' before one is chosen. */
  binding: string;
}

interface EnrolFormProps {
  draft: EnrolDraft;
  onDraft: (draft: EnrolDraft) => void;
  options: BindingOption[];
  onSubmit: (request: DeviceEnrolRequest) => void;
  busy: boolean;
  /** Why the last attempt failed, or what is missing, in words. */
  error: string | null;
  /** What the last approval did. */
  done: string | null;
}

/** Approving the code a screen shows: the code, a name people will recognise, and what it shows. */
export function EnrolForm({ draft, onDraft, options, onSubmit, busy, error, done }: EnrolFormProps) {
  const id = useId();
  const wards = options.filter((o) => o.kind === 'ward');
  const sites = options.filter((o) => o.kind === 'site');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = enrolRequest(
      draft.code,
      draft.name,
      options.find((o) => o.value === draft.binding),
    );
    if (request !== null) onSubmit(request);
  };
  return (
    <form className="admin-form" aria-labelledby={`${id}-title`} onSubmit={submit}>
      <h2 id={`${id}-title`}>Approve a screen</h2>
      <p className="admin-note">
        Type the code shown on the screen in front of you. Only approve a code you can see on the screen itself: whoever
        holds the screen will see that ward’s data.
      </p>
      <div className="admin-form__row">
        <label htmlFor={`${id}-code`}>Code on the screen</label>
        <input
          id={`${id}-code`}
          name="code"
          value={draft.code}
          onChange={(e) => onDraft({ ...draft, code: e.target.value.toUpperCase() })}
          placeholder="ABC-D23"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={16}
        />
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-name`}>Screen name</label>
        <input
          id={`${id}-name`}
          name="name"
          value={draft.name}
          onChange={(e) => onDraft({ ...draft, name: e.target.value })}
          placeholder="Ash Ward nurses’ station"
          required
          maxLength={80}
        />
      </div>
      <div className="admin-form__row">
        <label htmlFor={`${id}-binding`}>Shows</label>
        <select
          id={`${id}-binding`}
          name="binding"
          value={draft.binding}
          onChange={(e) => onDraft({ ...draft, binding: e.target.value })}
          required
        >
          <option value="">Choose a ward board or a heat map</option>
          {wards.length > 0 && (
            <optgroup label="Ward board">
              {wards.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          )}
          {sites.length > 0 && (
            <optgroup label="Site heat map">
              {sites.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      {options.length === 0 && <p className="admin-note">Your role covers no ward or site a screen could show.</p>}
      <button type="submit" className="admin-button admin-button--primary" disabled={busy || options.length === 0}>
        {busy ? 'Approving…' : 'Approve screen'}
      </button>
      <AdminError message={error} />
      {done !== null && (
        <p className="admin-done" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
