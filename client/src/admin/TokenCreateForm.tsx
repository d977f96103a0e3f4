import { ROLE_LABELS, ROLES, type Role, type TokenCreateRequest, type WardSummary } from '@wardflow/shared';
import { useId, useState, type FormEvent } from 'react';
import { AdminError } from './AdminError';
import { EMPTY_TOKEN_DRAFT, tokenRequest, type TokenDraft } from './token-draft';

interface TokenCreateFormProps {
  /** Wards to choose from, grouped by their site. */
  wards: readonly WardSummary[];
  onCreate: (request: TokenCreateRequest) => Promise<unknown>;
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] =>
  on ? [...list, item] : list.filter((x) => x !== item);

/** A token for one of the trust's own programs: its name, roles, where it reaches, and how long it lasts. */
export function TokenCreateForm({ wards, onCreate }: TokenCreateFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<TokenDraft>(EMPTY_TOKEN_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sites = [...new Map(wards.map((w) => [w.siteId, w.siteName]))];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = tokenRequest(draft);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(null);
    setBusy(true);
    onCreate(checked.request).then(
      () => {
        setDraft(EMPTY_TOKEN_DRAFT);
        setBusy(false);
      },
      (e: unknown) => {
        setError(`The token was not created: ${(e as Error).message}`);
        setBusy(false);
      },
    );
  };
  return (
    <form className="admin-form" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h2 id={`${id}-title`}>Create a token</h2>
      <div className="admin-form__row">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          placeholder="Trust data warehouse"
          maxLength={80}
        />
      </div>
      <fieldset className="admin-form__group">
        <legend>Roles</legend>
        {ROLES.map((role: Role) => (
          <label key={role} className="admin-check">
            <input
              type="checkbox"
              checked={draft.roles.includes(role)}
              onChange={(e) => setDraft({ ...draft, roles: toggle(draft.roles, role, e.target.checked) })}
            />{' '}
            {ROLE_LABELS[role]}
          </label>
        ))}
      </fieldset>
      <fieldset className="admin-form__group">
        <legend>Reaches</legend>
        <label className="admin-check">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={draft.scope === 'trust'}
            onChange={() => setDraft({ ...draft, scope: 'trust' })}
          />{' '}
          The whole trust
        </label>
        <label className="admin-check">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={draft.scope === 'chosen'}
            onChange={() => setDraft({ ...draft, scope: 'chosen' })}
          />{' '}
          Only the wards and sites chosen below
        </label>
        {draft.scope === 'chosen' &&
          sites.map(([siteId, siteName]) => (
            <fieldset key={siteId} className="admin-form__site">
              <legend>{siteName}</legend>
              <label className="admin-check">
                <input
                  type="checkbox"
                  checked={draft.sites.includes(siteId)}
                  onChange={(e) => setDraft({ ...draft, sites: toggle(draft.sites, siteId, e.target.checked) })}
                />{' '}
                Every ward of {siteName}
              </label>
              {wards
                .filter((w) => w.siteId === siteId)
                .map((w) => (
                  <label key={w.id} className="admin-check">
                    <input
                      type="checkbox"
                      checked={draft.wards.includes(w.id)}
                      onChange={(e) => setDraft({ ...draft, wards: toggle(draft.wards, w.id, e.target.checked) })}
                    />{' '}
                    {w.name}
                  </label>
                ))}
            </fieldset>
          ))}
      </fieldset>
      <div className="admin-form__row">
        <label htmlFor={`${id}-days`}>Expires after (days, 1 to 366)</label>
        <input
          id={`${id}-days`}
          type="number"
          inputMode="numeric"
          min={1}
          max={366}
          step={1}
          value={draft.days}
          onChange={(e) => setDraft({ ...draft, days: e.target.value })}
        />
      </div>
      <button type="submit" className="admin-button admin-button--primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create token'}
      </button>
      <AdminError message={error} />
    </form>
  );
}
