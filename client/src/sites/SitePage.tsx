import type { SiteFlowResponse, SitesResponse } from '@wardflow/shared';
import { useParams } from 'react-router';
import { SiteScreen } from './SiteScreen';
import { useSiteApi } from './useSiteApi';

/** Route element for /sites/:siteId. */
export function SitePage() {
  const siteId = useParams().siteId ?? '';
  const sites = useSiteApi<SitesResponse>('/api/sites');
  const flow = useSiteApi<SiteFlowResponse>(`/api/sites/${encodeURIComponent(siteId)}/flow?days=3`);
  return (
    <SiteScreen
      siteId={siteId}
      sites={sites.data}
      flow={flow.data}
      error={sites.error ?? flow.error}
      serverNow={sites.serverNow}
    />
  );
}
