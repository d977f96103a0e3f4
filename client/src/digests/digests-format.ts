/** Words the digests pages use: a ledger state always in words (CS-9), times in London with GMT/BST (CS-1). */
import type { DigestLedgerEntry } from '@wardflow/shared';

/** "Sent", "Failed: <reason>", "Unknown: ..." — what a person needs to act on. */
export function stateText(entry: Pick<DigestLedgerEntry, 'state' | 'reason' | 'unknown'>): string {
  if (entry.unknown)
    return 'Unknown: the server stopped while sending; check the outbox or SMTP log for the Message-ID before releasing it';
  switch (entry.state) {
    case 'due':
      return 'Due';
    case 'sending':
      return 'Sending';
    case 'sent':
      return 'Sent';
    case 'failed':
      return `Failed: ${entry.reason ?? 'no reason recorded'} (retried automatically)`;
  }
}

/** The CSS modifier for a state; the text says the same thing. */
export function stateTone(entry: Pick<DigestLedgerEntry, 'state' | 'unknown'>): 'ok' | 'attention' | 'neutral' {
  if (entry.unknown || entry.state === 'failed') return 'attention';
  return entry.state === 'sent' ? 'ok' : 'neutral';
}
