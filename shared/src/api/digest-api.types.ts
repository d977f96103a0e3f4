/** REST shapes of the weekly digest (docs/design.md section 9): the ledger, the outbox and a run. */

export type DigestState = 'due' | 'sending' | 'sent' | 'failed';

/** One row of the ledger, one per lead and London week. */
export interface DigestLedgerEntry {
  leadId: string;
  /** The London Monday, YYYY-MM-DD. */
  week: string;
  state: DigestState;
  email: string;
  messageId: string | null;
  reason: string | null;
  attempts: number;
  updatedAt: string;
  sentAt: string | null;
  /**
   * A row left in 'sending' for longer than the claim lasts: the process stopped between handing the
   * message to SMTP and recording it, so whether it went is unknown. It is not resent by itself;
   * a person checks the outbox or the SMTP log (the Message-ID is stable per lead and week).
   */
  unknown: boolean;
}

/** `GET /api/digests`. */
export interface DigestLedgerResponse {
  serverTime: string;
  /** This week's key, so a page can say which rows are for now. */
  week: string;
  /** 'outbox' when SMTP_URL is unset: the messages are files, listed in `outbox`. */
  transport: 'smtp' | 'outbox';
  entries: DigestLedgerEntry[];
  outbox: Array<{ file: string; bytes: number; writtenAt: string }>;
  /** Why no digests go out, when that is so (no leads configured, say). */
  notes: string[];
}

/** `POST /api/digests/run` answer (202). */
export interface DigestRunAccepted {
  week: string;
  jobId: string;
}

/** `GET /api/digests/preview?lead=` answer: the email's HTML with its images inlined as data: URIs. */
export interface DigestPreview {
  leadId: string;
  week: string;
  subject: string;
  dataAsOf: string | null;
  html: string;
}
