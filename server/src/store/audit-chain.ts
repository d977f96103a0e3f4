/**
 * The audit log's hash chain (SEC-6): each row's hash is SHA-256 over the previous row's hash and the
 * row's own content in a canonical form, so changing any field, or removing a row from the middle,
 * breaks every hash after it. Rows removed by retention are a prefix, recorded in a chained
 * 'audit.retention' row that names the last removed row's seq and hash; verification starts there.
 *
 * What a chain cannot show by itself is the newest rows being removed: `verifyChain` returns the head
 * (last seq and hash) so it can be compared with one noted elsewhere (the daily log line).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerification } from '@wardflow/shared';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers: everything but the hash itself. */
export type ChainedContent = Omit<AuditEntry, 'hash'> & { prevHash: string };

/** Stable text of a value: object keys sorted at every level (jsonb reorders them), no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function rowHash(row: ChainedContent): string {
  const content = canonicalJson([
    row.seq,
    row.at,
    row.actorKind,
    row.actorId,
    row.actorName,
    row.role,
    row.action,
    row.outcome,
    row.wardId,
    row.patientId,
    row.detail,
    row.address,
    row.prevHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

export interface ChainRow extends AuditEntry {
  prevHash: string;
}

/**
 * Checks the chain as rows stream in, ascending by seq, over the whole remaining log; `result()`
 * reports the first break. The start is only legitimate at seq 1 from the genesis hash, or right
 * after rows that a retention record (anywhere later in the chain) says it removed.
 */
export class ChainVerifier {
  private first: ChainRow | null = null;
  private previous: ChainRow | null = null;
  private count = 0;
  private startAccounted = false;
  private problem: { seq: number; reason: string } | null = null;

  feed(rows: readonly ChainRow[]): void {
    for (const row of rows) {
      if (this.problem !== null) return;
      this.count += 1;
      if (this.first === null) {
        this.first = row;
        this.startAccounted = row.seq === 1 && row.prevHash === GENESIS_HASH;
      }
      if (
        !this.startAccounted &&
        row.action === 'audit.retention' &&
        row.detail.throughSeq === this.first.seq - 1 &&
        row.detail.throughHash === this.first.prevHash
      ) {
        this.startAccounted = true;
      }
      const previous = this.previous;
      if (previous !== null && row.seq !== previous.seq + 1) {
        this.problem = {
          seq: previous.seq + 1,
          reason: `row ${previous.seq + 1} is missing (the next row is ${row.seq})`,
        };
      } else if (previous !== null && row.prevHash !== previous.hash) {
        this.problem = {
          seq: row.seq,
          reason: `row ${row.seq} does not follow row ${previous.seq} (its previous hash differs)`,
        };
      } else if (rowHash(row) !== row.hash) {
        this.problem = {
          seq: row.seq,
          reason: `row ${row.seq} was changed after it was written (its hash does not match its content)`,
        };
      }
      this.previous = row;
    }
  }

  result(now: Date): AuditVerification {
    const first = this.first;
    const base = {
      rowsChecked: this.count,
      firstSeq: first?.seq ?? null,
      lastSeq: this.previous?.seq ?? null,
      lastHash: this.previous?.hash ?? null,
      retentionRemovedThrough: first !== null && first.seq > 1 && this.startAccounted ? first.seq - 1 : null,
      checkedAt: now.toISOString(),
    };
    if (this.problem !== null) return { ok: false, ...base, problem: this.problem };
    if (first !== null && !this.startAccounted) {
      return {
        ok: false,
        ...base,
        problem: {
          seq: first.seq,
          reason: `the log starts at row ${first.seq} and no retention record accounts for the rows before it`,
        },
      };
    }
    return { ok: true, ...base };
  }
}

/** Verifies a whole log held in memory (tests, small logs). */
export function verifyChain(rows: readonly ChainRow[], now: Date): AuditVerification {
  const verifier = new ChainVerifier();
  verifier.feed(rows);
  return verifier.result(now);
}
