import type { DigestPreview } from '@wardflow/shared';
import { useParams } from 'react-router';
import { useApi } from '../api/useApi';
import { DigestPreviewScreen } from './DigestPreviewScreen';

/** Route element for /digests/preview/:leadId. */
export function DigestPreviewPage() {
  const { leadId = '' } = useParams();
  const { data, error } = useApi<DigestPreview>(`/api/digests/preview?lead=${encodeURIComponent(leadId)}&format=json`, {
    reloadMs: 300_000,
  });
  return <DigestPreviewScreen leadId={leadId} preview={data} error={error} />;
}
