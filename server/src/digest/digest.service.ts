/**
 * Sends a week's digests, once each, and says what happened. For every lead:
 *
 *   ledger row (lead, week) created as due -> claimed (due|failed -> sending, one atomic UPDATE, so
 *   of two workers only one wins) -> rendered and sent -> sent with the Message-ID; a send that
 *   fails -> failed with the reason, and the run ends in an error so BullMQ retries it (with
 *   backoff); the retry claims only the failed rows.
 *
 * A process that dies after the SMTP server took a message and before "sent" is written leaves the
 * row in 'sending'. Nothing resends it by itself: a second email to a matron is worse than a late
 * one, and whether the first went is not knowable from here. After SENDING_CLAIM_MS the row shows as
 * "unknown" (digests page, readiness) with its Message-ID, which is stable per lead and week
 * (`digestMessageId`), so it can be found in the outbox or the SMTP log; a person then releases it
 * (POST /api/digests/release) if it did not go. A row still 'sending' inside that time may be a
 * send in progress on another worker, and is left alone too.
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  digestWeekOf,
  type DigestLedgerEntry,
  type DigestLedgerResponse,
  type DigestPreview,
  type Lead,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, MAILER, METRICS, type Clock } from '../core/tokens.js';
import type { WardflowMetrics } from '../metrics/wardflow-metrics.js';
import type { Mailer, OutboxFile } from '../mail/mailer.adapter.js';
import { DigestRepository, type DigestLedgerRow } from '../store/digest.repository.js';
import { DigestContentService } from './digest-content.service.js';
import { DigestRenderCache, inlineImages, renderDigest } from './digest.renderer.js';
import { LeadsService } from './leads.service.js';

/** A 'sending' row older than this is "unknown: check the outbox or the SMTP log", never resent by a job. */
export const SENDING_CLAIM_MS = 15 * 60_000;
/** Emails in flight at once: enough to overlap SMTP round trips, few enough for a trust's relay. */
const SEND_CONCURRENCY = 4;

export interface DigestRunResult {
  week: string;
  leads: number;
  sent: number;
  /** Already sent, or being sent by someone else, or unknown after a crash: not sent by this run. */
  skipped: number;
  failed: Array<{ leadId: string; reason: string }>;
  /** Handed to SMTP but "sent" could not be written: left 'sending', never resent by a job (see above). */
  unrecorded: Array<{ leadId: string; reason: string }>;
}

/** Thrown when some digests of a run failed, so BullMQ retries the run (the retry sends only those). */
export class DigestRunError extends Error {
  override name = 'DigestRunError';
  constructor(readonly result: DigestRunResult) {
    const failed = result.failed.map((f) => `${f.leadId}: ${f.reason}`);
    const unrecorded = result.unrecorded.map((f) => `${f.leadId}: sent, but recording it failed (${f.reason})`);
    super(
      `${result.failed.length + result.unrecorded.length} of ${result.leads} digests not done for week ${result.week}: ${[...failed, ...unrecorded].join('; ')}`,
    );
  }
}

/** Message-ID for a lead's digest of a week: the same every attempt, so a duplicate is recognisable anywhere. */
export function digestMessageId(leadId: string, week: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'wardflow.invalid';
  return `<digest.${week}.${Buffer.from(leadId).toString('base64url')}@${domain}>`;
}

/** Outbox listing, when the mailer writes files; absent for tests that send through a bare `Mailer`. */
interface OutboxLister {
  outbox(): Promise<OutboxFile[]>;
  readonly transportKind: 'smtp' | 'outbox';
}

@Injectable()
export class DigestService {
  private readonly logger = new Logger('Digest');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MAILER) private readonly mailer: Mailer,
    private readonly ledger: DigestRepository,
    private readonly leads: LeadsService,
    private readonly content: DigestContentService,
    @Optional() @Inject(METRICS) private readonly metrics: WardflowMetrics | null = null,
  ) {}

  /** Sends every lead's digest for `week` that the ledger does not already hold as sent or sending. */
  async run(week: string): Promise<DigestRunResult> {
    const now = this.clock();
    const leads = await this.leads.list();
    await this.leads.problems();
    const result: DigestRunResult = { week, leads: leads.length, sent: 0, skipped: 0, failed: [], unrecorded: [] };
    if (leads.length === 0) return result;
    const snapshot = await this.content.snapshot(now, week);
    const cache = new DigestRenderCache();
    let next = 0;
    const worker = async () => {
      while (next < leads.length) {
        const lead = leads[next++]!;
        const outcome = await this.sendOne(lead, week, () => renderDigest(this.content.compose(snapshot, lead), cache));
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'skipped') result.skipped++;
        else if (outcome.kind === 'failed') result.failed.push({ leadId: lead.id, reason: outcome.reason });
        else result.unrecorded.push({ leadId: lead.id, reason: outcome.reason });
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, leads.length) }, worker));
    this.logger.log(
      `Weekly digest ${week}: ${result.sent} sent, ${result.skipped} skipped, ${result.failed.length} failed, ${result.unrecorded.length} sent but not recorded, of ${result.leads}`,
    );
    const complete = result.failed.length === 0 && result.unrecorded.length === 0;
    if (this.metrics !== null) {
      this.metrics.digestEmails.inc({ outcome: 'sent' }, result.sent);
      this.metrics.digestEmails.inc({ outcome: 'skipped' }, result.skipped);
      this.metrics.digestEmails.inc({ outcome: 'failed' }, result.failed.length);
      this.metrics.digestEmails.inc({ outcome: 'unrecorded' }, result.unrecorded.length);
      this.metrics.digestRuns.inc({ result: complete ? 'complete' : 'incomplete' });
    }
    if (!complete) throw new DigestRunError(result);
    return result;
  }

  private async sendOne(
    lead: Lead,
    week: string,
    render: () => ReturnType<typeof renderDigest>,
  ): Promise<'sent' | 'skipped' | { kind: 'failed' | 'unrecorded'; reason: string }> {
    await this.ledger.ensure(lead.id, week, lead.email, new Date(this.clock()));
    const stableId = digestMessageId(lead.id, week, this.config.digest.from);
    const claimed = await this.ledger.claim(lead.id, week, lead.email, stableId, new Date(this.clock()));
    if (claimed === null) return 'skipped';
    let messageId: string;
    try {
      const email = await render();
      const sent = await this.mailer.send({
        to: lead.email,
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: email.attachments,
        messageId: stableId,
      });
      messageId = sent.messageId;
    } catch (error) {
      const reason = reasonOf(error);
      await this.ledger.markFailed(claimed.id, reason, new Date(this.clock()));
      return { kind: 'failed', reason };
    }
    // Past this point the message went: a failure to record it must not become "failed" (that would
    // send it again). The row stays 'sending' and shows as unknown later; the other leads carry on.
    try {
      await this.ledger.markSent(claimed.id, messageId, new Date(this.clock()));
    } catch (error) {
      return { kind: 'unrecorded', reason: reasonOf(error) };
    }
    return 'sent';
  }

  /** This week's email for a lead as it would go now, images inlined for a browser; null for an unknown lead. */
  async preview(leadId: string): Promise<DigestPreview | null> {
    const lead = (await this.leads.list()).find((l) => l.id === leadId);
    if (lead === undefined) return null;
    const now = this.clock();
    const week = digestWeekOf(now);
    const content = this.content.compose(await this.content.snapshot(now, week), lead);
    const rendered = await renderDigest(content);
    return { leadId, week, subject: content.subject, dataAsOf: content.dataAsOf, html: inlineImages(rendered) };
  }

  /** A person's release of an unknown row after checking it was not delivered: the next run sends it. */
  async release(leadId: string, week: string, by: string): Promise<boolean> {
    const now = this.clock();
    return this.ledger.release(leadId, week, by, new Date(now - SENDING_CLAIM_MS), new Date(now));
  }

  /** The ledger as `GET /api/digests` returns it. */
  async ledgerView(): Promise<DigestLedgerResponse> {
    const now = this.clock();
    const rows = await this.ledger.list();
    const lister = this.mailer as Partial<OutboxLister>;
    const transport = lister.transportKind ?? (this.config.digest.smtpUrl === null ? 'outbox' : 'smtp');
    return {
      serverTime: new Date(now).toISOString(),
      week: digestWeekOf(now),
      transport,
      entries: rows.map((r) => toEntry(r, now)),
      outbox: typeof lister.outbox === 'function' ? await lister.outbox() : [],
      notes: await this.leads.problems(),
    };
  }

  /** Failed and unknown rows in words, for readiness. */
  async troubles(): Promise<string[]> {
    const now = this.clock();
    const [failed, stuck] = await Promise.all([
      this.ledger.listFailed(),
      this.ledger.listStuck(new Date(now - SENDING_CLAIM_MS)),
    ]);
    return [
      ...failed.map(
        (r) => `${r.leadId} ${r.week} failed (${r.attempts} attempts): ${r.reason ?? 'no reason recorded'}`,
      ),
      ...stuck.map(
        (r) =>
          `${r.leadId} ${r.week} unknown: sending since ${r.updatedAt.toISOString()}; check the outbox or SMTP log for ${r.messageId ?? digestMessageId(r.leadId, r.week, this.config.digest.from)}`,
      ),
    ];
  }
}

function toEntry(r: DigestLedgerRow, now: number): DigestLedgerEntry {
  return {
    leadId: r.leadId,
    week: r.week,
    state: r.state,
    email: r.email,
    messageId: r.messageId,
    reason: r.reason,
    attempts: r.attempts,
    updatedAt: r.updatedAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    unknown: r.state === 'sending' && now - r.updatedAt.getTime() > SENDING_CLAIM_MS,
  };
}

/** An error as the ledger keeps it: the SMTP reply when there is one, never credentials. */
function reasonOf(error: unknown): string {
  const e = error as { message?: string; code?: string; response?: string; responseCode?: number };
  const parts = [
    e.code,
    e.responseCode === undefined ? undefined : String(e.responseCode),
    e.response ?? e.message,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.join(' ').replace(/smtps?:\/\/[^@\s]*@/gi, 'smtp://***@') || 'unknown error';
}
