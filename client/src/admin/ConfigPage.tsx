import type { ConfigView } from '@wardflow/shared';
import { useApi } from '../api/useApi';
import { ConfigScreen } from './ConfigScreen';

/** Route element for /admin/config (behind the config.view gate, App.tsx). */
export function ConfigPage() {
  const { data, error } = useApi<ConfigView>('/api/admin/config');
  return <ConfigScreen config={data} error={error} />;
}
