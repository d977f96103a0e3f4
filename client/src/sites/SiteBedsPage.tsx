import { SITE_BED_FILTERS, type SiteBedFilter, type SiteBedsResponse } from '@wardflow/shared';
import { useParams, useSearchParams } from 'react-router';
import { SiteBedsScreen } from './SiteBedsScreen';
import { useSiteApi } from './useSiteApi';

/** Route element for /sites/:siteId/beds: the query is passed on as given, so the server's 400 names a bad filter. */
export function SiteBedsPage() {
  const siteId = useParams().siteId ?? '';
  const [params] = useSearchParams();
  const wardId = params.get('wardId');
  const asked = params.get('filter') ?? 'all';
  const filter: SiteBedFilter = (SITE_BED_FILTERS as readonly string[]).includes(asked)
    ? (asked as SiteBedFilter)
    : 'all';
  const query = new URLSearchParams();
  if (wardId !== null) query.set('wardId', wardId);
  if (params.has('filter')) query.set('filter', asked);
  const { data, error, serverNow } = useSiteApi<SiteBedsResponse>(
    `/api/sites/${encodeURIComponent(siteId)}/beds?${query.toString()}`,
  );
  return (
    <SiteBedsScreen siteId={siteId} wardId={wardId} filter={filter} data={data} error={error} serverNow={serverNow} />
  );
}
