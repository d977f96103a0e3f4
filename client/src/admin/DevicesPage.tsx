import type { DeviceEnrolRequest, DevicesResponse, DeviceView, WardSummary } from '@wardflow/shared';
import { useApi } from '../api/useApi';
import { apiFetch } from '../auth/api';
import { useSession } from '../auth/SessionContext';
import { deleteOne, useThenReload } from './admin-api';
import { bindingOptions } from './binding-options';
import { DevicesScreen } from './DevicesScreen';

/** Codes appear while someone stands at a screen: the list reloads itself this often. */
const RELOAD_MS = 10_000;

const enrolDevice = (request: DeviceEnrolRequest) =>
  apiFetch<DeviceView>('/api/devices', { method: 'POST', body: request });
const removeDevice = (device: DeviceView) => deleteOne('devices', device.id);

/** Route element for /admin/devices (behind the devices gate, App.tsx). */
export function DevicesPage() {
  const { identity } = useSession();
  const devices = useApi<DevicesResponse>('/api/devices', { reloadMs: RELOAD_MS });
  const wards = useApi<WardSummary[]>('/api/wards');
  const enrol = useThenReload(enrolDevice, devices.reload);
  const remove = useThenReload(removeDevice, devices.reload);
  return (
    <DevicesScreen
      data={devices.data}
      error={devices.error ?? wards.error}
      options={bindingOptions(wards.data ?? [], identity?.grants ?? [])}
      onEnrol={enrol}
      onRemove={remove}
    />
  );
}
