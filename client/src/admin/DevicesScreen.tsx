/**
 * /admin/devices: codes waiting on screens, the form that approves one, and the enrolled screens
 * with Remove. Pure apart from the form's own typing: data and actions come in through props.
 */
import type { DeviceEnrolRequest, DevicesResponse, DeviceView } from '@wardflow/shared';
import { useState } from 'react';
import { ACTION_COLUMN, ColumnHeads } from '../ui/ColumnHeads';
import { ErrorBanner } from '../ui/ErrorBanner';
import { bindingText, stampOf } from './admin-format';
import { AdminError, useRowAction } from './AdminError';
import { AdminHeader } from './AdminHeader';
import type { BindingOption } from './binding-options';
import { ConfirmButton } from './ConfirmButton';
import { EnrolForm, type EnrolDraft } from './EnrolForm';

export interface DevicesScreenProps {
  data: DevicesResponse | null;
  error: string | null;
  options: BindingOption[];
  onEnrol: (request: DeviceEnrolRequest) => Promise<DeviceView>;
  onRemove: (device: DeviceView) => Promise<unknown>;
}

export function DevicesScreen({ data, error, options, onEnrol, onRemove }: DevicesScreenProps) {
  const [draft, setDraft] = useState<EnrolDraft>({ code: '', name: '', binding: '' });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const active = data?.devices.filter((d) => d.revokedAt === null) ?? [];
  const removed = data?.devices.filter((d) => d.revokedAt !== null) ?? [];

  const enrol = (request: DeviceEnrolRequest) => {
    setBusy(true);
    setFormError(null);
    setDone(null);
    onEnrol(request).then(
      (device) => {
        setDone(`“${device.name}” is enrolled: ${bindingText(device)}. The screen shows it within a few seconds.`);
        setDraft({ code: '', name: '', binding: '' });
        setBusy(false);
      },
      (e: unknown) => {
        setFormError(`Not approved: ${(e as Error).message}`);
        setBusy(false);
      },
    );
  };
  const chooseHint = (wardHint: string | null) => {
    const hinted = options.find((o) => o.kind === 'ward' && o.id === wardHint);
    setDraft({ ...draft, binding: hinted?.value ?? draft.binding });
    setDone(null);
  };
  const { run: remove, error: removeError } = useRowAction(
    onRemove,
    (device, reason) => `“${device.name}” was not removed: ${reason}`,
  );

  return (
    <main className="admin">
      <AdminHeader title="Wall screens">
        A screen opened at a ward’s display address shows a pairing code until someone approves it here. Removing a
        screen stops it at once.
      </AdminHeader>
      <ErrorBanner title="Could not load the screens:" error={error} />
      <section aria-labelledby="devices-pending">
        <h2 id="devices-pending">Screens waiting</h2>
        <p>
          Codes are not listed here on purpose: read the code off the screen in front of you, so that only a screen you
          can see gets enrolled.
        </p>
        {data === null ? (
          error === null && <p role="status">Loading…</p>
        ) : data.pending.length === 0 ? (
          <p>No screen is waiting. Open the ward’s display address on the screen and it shows a code.</p>
        ) : (
          <table className="admin-table" aria-label="Screens waiting">
            <ColumnHeads columns={['Opened for', 'Asked at', 'Code expires', 'Address', ACTION_COLUMN]} />
            <tbody>
              {data.pending.map((p) => (
                <tr key={`${p.requestedAt}-${p.address ?? ''}`}>
                  <td>
                    {p.wardHint === null
                      ? 'No ward given'
                      : (options.find((o) => o.kind === 'ward' && o.id === p.wardHint)?.label ?? p.wardHint)}
                  </td>
                  <td>{stampOf(p.requestedAt)}</td>
                  <td>{stampOf(p.expiresAt)}</td>
                  <td>{p.address ?? 'unknown'}</td>
                  <td>
                    {p.wardHint !== null && (
                      <button type="button" className="admin-button" onClick={() => chooseHint(p.wardHint)}>
                        Choose this ward
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <EnrolForm
        draft={draft}
        onDraft={setDraft}
        options={options}
        onSubmit={enrol}
        busy={busy}
        error={formError}
        done={done}
      />

      <section aria-labelledby="devices-enrolled">
        <h2 id="devices-enrolled">Enrolled screens</h2>
        <AdminError message={removeError} />
        {data !== null && active.length === 0 ? (
          <p>No enrolled screens that your role may manage.</p>
        ) : (
          active.length > 0 && (
            <table className="admin-table" aria-label="Enrolled screens">
              <ColumnHeads
                columns={[
                  'Name',
                  'Shows',
                  'Enrolled',
                  'Last seen',
                  'Last address',
                  'Credential changed',
                  ACTION_COLUMN,
                ]}
              />
              <tbody>
                {active.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}</th>
                    <td>{bindingText(d)}</td>
                    <td>
                      {stampOf(d.enrolledAt)} by {d.enrolledBy}
                    </td>
                    <td>{stampOf(d.lastSeenAt, 'never')}</td>
                    <td>{d.lastAddress ?? 'unknown'}</td>
                    <td>{stampOf(d.credentialRotatedAt)}</td>
                    <td>
                      <ConfirmButton
                        label="Remove"
                        accessibleName={`Remove ${d.name}`}
                        question={`Remove “${d.name}”? It stops showing ward data at once.`}
                        onConfirm={() => remove(d)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        )}
        {removed.length > 0 && (
          <table className="admin-table admin-table--quiet" aria-label="Removed screens">
            <caption>Removed screens</caption>
            <ColumnHeads columns={['Name', 'Showed', 'Removed']} />
            <tbody>
              {removed.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.name}</th>
                  <td>{bindingText(d)}</td>
                  <td>
                    {stampOf(d.revokedAt)}
                    {d.revokedBy !== null && ` by ${d.revokedBy}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
