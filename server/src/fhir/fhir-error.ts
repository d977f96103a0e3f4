/**
 * The one error type for everything that can go wrong reading FHIR (docs/design.md section 8). It carries
 * what an operator needs to act (HTTP status, OperationOutcome issues, Retry-After) and a short
 * reason fit for a ward screen's stale banner. It never carries tokens or patient data (SEC-7).
 */

export interface OutcomeIssue {
  severity: string;
  code: string;
  diagnostics?: string;
}

export type FhirErrorKind =
  'auth' | 'timeout' | 'network' | 'http' | 'invalid-body' | 'outcome-in-searchset' | 'paging';

export class FhirRequestError extends Error {
  constructor(
    readonly kind: FhirErrorKind,
    message: string,
    readonly details: {
      status?: number;
      url?: string;
      issues?: OutcomeIssue[];
      retryAfterMs?: number;
      /** For 'auth': whether the token endpoint's failure may pass (timeout, network, 429, 5xx). */
      authRetryable?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'FhirRequestError';
  }

  /** Network errors, 408, 429 and 502-504 are worth another try; other 4xx and bad bodies are not. */
  get retryable(): boolean {
    if (this.kind === 'auth') return this.details.authRetryable === true;
    if (this.kind === 'timeout' || this.kind === 'network') return true;
    const status = this.details.status;
    return status === 408 || status === 429 || status === 502 || status === 503 || status === 504;
  }

  /**
   * The server refused the kind of request, not its content: 405 or 501, or a 400 whose
   * OperationOutcome says "not supported" (issue code `not-supported`, or words to that effect, as
   * servers that use `processing` or `invalid` for it write). The request plan then falls back.
   */
  get notSupported(): boolean {
    if (this.kind !== 'http') return false;
    const status = this.details.status;
    if (status === 405 || status === 501) return true;
    if (status !== 400) return false;
    return (this.details.issues ?? []).some(
      (i) =>
        i.code === 'not-supported' || /not supported|unsupported|unknown search parameter/i.test(i.diagnostics ?? ''),
    );
  }

  /** The reason as a ward screen shows it: what failed, without URLs or query strings. */
  get screenReason(): string {
    switch (this.kind) {
      case 'auth':
        return 'FHIR sign-in failed';
      case 'timeout':
        return 'FHIR server did not answer in time';
      case 'network':
        return 'FHIR server unreachable';
      case 'http':
        return `FHIR server answered HTTP ${this.details.status ?? '?'}`;
      case 'invalid-body':
        return 'FHIR server sent an unreadable answer';
      case 'outcome-in-searchset':
        return 'FHIR server reported an error inside its search results';
      case 'paging':
        return 'FHIR paging could not be completed safely';
    }
  }
}

/** Seconds or an HTTP date, as Retry-After allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
