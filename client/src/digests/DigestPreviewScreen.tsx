import type { DigestPreview } from '@wardflow/shared';
import { Link } from 'react-router';
import { londonDayTimeOf } from '../display/format';
import { ErrorBanner } from '../ui/ErrorBanner';

export interface DigestPreviewScreenProps {
  leadId: string;
  preview: DigestPreview | null;
  error: string | null;
}

/**
 * This week's email for one lead, as it would be sent now. The email sits in a sandboxed iframe (no
 * scripts, no same-origin access) loaded from the server's HTML preview: a document of its own with
 * its own Content-Security-Policy, which lets the email's inline styles through. Written into the
 * frame here instead (srcdoc), it would inherit this page's policy and lose every style.
 */
/** The email itself, as HTML, for the frame. */
export function previewHtmlUrl(leadId: string): string {
  return `/api/digests/preview?lead=${encodeURIComponent(leadId)}&format=html`;
}

export function DigestPreviewScreen({ leadId, preview, error }: DigestPreviewScreenProps) {
  return (
    <main className="digests digests--preview">
      <header className="digests-header">
        <h1>Digest preview</h1>
        <nav aria-label="Other screens">
          <Link to="/digests">All leads and the ledger</Link>
        </nav>
      </header>
      <ErrorBanner title={`Could not load the preview for ${leadId}:`} error={error} />
      {preview === null ? (
        error === null && <p>Composing this week&rsquo;s email…</p>
      ) : (
        <>
          <dl className="digests-facts">
            <dt>Subject</dt>
            <dd data-testid="preview-subject">{preview.subject}</dd>
            <dt>Week of</dt>
            <dd>{preview.week}</dd>
            <dt>Data as of</dt>
            <dd data-testid="preview-as-of">
              {preview.dataAsOf === null ? 'No data yet' : londonDayTimeOf(preview.dataAsOf)}
            </dd>
          </dl>
          <iframe className="digests-frame" title={`Email to ${leadId}`} sandbox="" src={previewHtmlUrl(leadId)} />
        </>
      )}
    </main>
  );
}
