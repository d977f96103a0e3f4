import type { TokenCreated } from '@wardflow/shared';
import { useId, useState } from 'react';

/**
 * The new token's secret, shown this once: the server keeps only a hash and cannot show it again.
 * Read-only text the person can select, a Copy button, and a plain warning.
 */
export function TokenSecret({ created, onDone }: { created: TokenCreated; onDone: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () => {
    // The clipboard needs a secure context (https or localhost); otherwise the text is there to select.
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (clipboard === undefined) {
      setCopied('This browser would not copy it: select the text and copy it yourself.');
      return;
    }
    clipboard.writeText(created.secret).then(
      () => setCopied('Copied.'),
      () => setCopied('This browser would not copy it: select the text and copy it yourself.'),
    );
  };
  return (
    <section className="admin-secret" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Copy the token for “{created.token.name}” now</h2>
      <p className="admin-secret__warning" role="alert">
        <strong>It is shown only now.</strong> Wardflow keeps only a fingerprint of it and cannot show it again. Store
        it where the program that uses it keeps its secrets; if it is lost, revoke it and create another.
      </p>
      <label htmlFor={`${id}-secret`}>Token</label>
      <input
        id={`${id}-secret`}
        className="admin-secret__value"
        readOnly
        value={created.secret}
        onFocus={(e) => e.currentTarget.select()}
        spellCheck={false}
        autoComplete="off"
      />
      <p className="admin-secret__actions">
        <button type="button" className="admin-button admin-button--primary" onClick={copy}>
          Copy
        </button>{' '}
        <button type="button" className="admin-button" onClick={onDone}>
          I have stored it: hide it
        </button>
        {copied !== null && (
          <span role="status" className="admin-secret__copied">
            {' '}
            {copied}
          </span>
        )}
      </p>
    </section>
  );
}
