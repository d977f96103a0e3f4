import type { DeviceEnrolRequest, DevicesResponse, DeviceView, WardSummary } from '@wardflow/shared';
import { useCallback } from 'react';
import { apiFetch } from '../auth/api';
import { useSession } from '../auth/SessionContext';
import { useApiGet } from '../auth/useApiGet';
import { bindingOptions } from './binding-options';
import { DevicesScreen } from './DevicesScreen';

/** Codes appear while someone stands at a screen: the list reloads itself this often. */
const RELOAD_MS = 10_000;

/** Route element for /admin/devices (behind the devices gate, App.tsx). */
export function DevicesPage() {
  const { identity } = useSession();
  const devices = useApiGet<DevicesResponse>('/api/devices', RELOAD_MS);
  const wards = useApiGet<WardSummary[]>('/api/wards');
  const reloadDevices = devices.reload;
  const enrol = useCallback(
    async (request: DeviceEnrolRequest) => {
      const device = await apiFetch<DeviceView>('/api/devices', { method: 'POST', body: request });
      reloadDevices();
      return device;
    },
    [reloadDevices],
  );
  const remove = useCallback(
    async (device: DeviceView) => {
      await apiFetch<{ revoked: boolean }>(`/api/devices/${encodeURIComponent(device.id)}`, { method: 'DELETE' });
      reloadDevices();
    },
    [reloadDevices],
  );
  return <DevicesScreen data={devices.data} error={devices.error ?? wards.error} options={bindingOptions(wards.data ?? [], identity?.grants ?? [])} onEnrol={enrol} onRemove={remove} />;
}
