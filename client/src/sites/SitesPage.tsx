import type { SitesResponse } from '@wardflow/shared';
import { EscalationsSection } from '../escalations/EscalationsSection';
import { SitesScreen } from './SitesScreen';
import { useSiteApi } from './useSiteApi';

/** Route element for /sites. */
export function SitesPage() {
  const { data, error, serverNow } = useSiteApi<SitesResponse>('/api/sites');
  return (
    <SitesScreen
      data={data}
      error={error}
      serverNow={serverNow}
      escalations={<EscalationsSection serverNow={serverNow} />}
    />
  );
}
