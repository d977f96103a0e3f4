import type { DigestPreview } from '@wardflow/shared';
import { useParams } from 'react-router';
import { DigestPreviewScreen } from './DigestPreviewScreen';
import { useJson } from './useJson';

/** Route element for /digests/preview/:leadId. */
export function DigestPreviewPage() {
  const { leadId = '' } = useParams();
  const { data, error } = useJson<DigestPreview>(`/api/digests/preview?lead=${encodeURIComponent(leadId)}&format=json`, 300_000);
  return <DigestPreviewScreen leadId={leadId} preview={data} error={error} />;
}
