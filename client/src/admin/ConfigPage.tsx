import type { ConfigView } from '@wardflow/shared';
import { useApiGet } from '../auth/useApiGet';
import { ConfigScreen } from './ConfigScreen';

/** Route element for /admin/config (behind the config.view gate, App.tsx). */
export function ConfigPage() {
  const { data, error } = useApiGet<ConfigView>('/api/admin/config');
  return <ConfigScreen config={data} error={error} />;
}
