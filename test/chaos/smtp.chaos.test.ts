/**
 * The trust's SMTP relay failing around the weekly digest run and the escalation emails: refusing
 * connections, refusing with 5xx, hanging before its greeting, and hanging after taking a message
 * without ever confirming it; then working again. The end state: every lead's digest for the week
 * recorded sent and confirmed by the relay exactly once, every open escalation emailed to its site
 * manager exactly once, one open escalation per ward and rule, and no job stuck.
 *
 * Counting "sent": a message counts when the relay confirmed it (250 after the data). A relay that
 * never confirms has not taken responsibility for a message (RFC 5321 section 4.1.1.4) and a
 * conforming one discards it, so the copies taken during `hang-after-data` are listed apart; the
 * sender must send those again, once. Not covered: a confirmation lost on the way back (the relay
 * delivered, the sender never heard), which this relay cannot stage.
 *
 * Compressed: POLL_INTERVAL 3 s (escalations are evaluated after every poll, so emails are retried every
 * few seconds) and SMTP_TIMEOUT 3 s instead of 30 s. The digest job's retry waits are BullMQ's (1 min
 * first): the failed runs are made with "send now" (as a person would press it), and the recovery is
 * the queued retry's, uncompressed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '@wardflow/fhir-simulator';
import {
  DEFAULT_ESCALATION_RULES,
  DEMO_EMAIL_DOMAIN,
  type DigestLedgerEntry,
  type DigestLedgerResponse,
} from '@wardflow/shared';
import pg from 'pg';
import { createPostgresDatabase } from '../../server/src/testing/test-databases.js';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { noStuckJobs, record, sleep, waitUntil } from './support/chaos.js';
import { startSmtpRelay, type RelayMode, type SmtpRelay } from './support/smtp-relay.js';

const MANAGERS = [
  { siteId: 'site-1', email: `site1.manager@${DEMO_EMAIL_DOMAIN}` },
  { siteId: 'site-2', email: `site2.manager@${DEMO_EMAIL_DOMAIN}` },
];

interface EscalationRow {
  id: number;
  ward_id: string;
  rule: string;
  subject: string;
  site_id: string;
  notified_at: Date | null;
  resolved_at: Date | null;
}

describe('chaos: SMTP relay refusing and hanging', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wardflow-chaos-smtp-'));
  let simulator: RunningSimulator;
  let relay: SmtpRelay;
  let database: { url: string; drop(): Promise<void> };
  let server: WardflowProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 15, wards: 4 });
    relay = await startSmtpRelay('refuse-connections');
    database = await createPostgresDatabase();
    const wardsConfig = join(dir, 'wards.json');
    // One rule every ward crosses on its first poll (occupancy above 1%), the others off: a known set of escalations.
    writeFileSync(
      wardsConfig,
      JSON.stringify({
        emailDomains: [DEMO_EMAIL_DOMAIN],
        escalation: {
          rules: [
            { id: 'occupancy-high', threshold: 1, label: 'Occupancy above 1%' },
            ...DEFAULT_ESCALATION_RULES.filter((r) => r.id !== 'occupancy-high').map(({ id }) => ({
              id,
              enabled: false,
            })),
          ],
          notify: MANAGERS,
        },
      }),
    );
    env = baseEnv({
      DATABASE_URL: database.url,
      FHIR_BASE_URL: simulator.baseUrl,
      WARDS_CONFIG: wardsConfig,
      POLL_INTERVAL: '3s',
      SMTP_URL: relay.url,
      SMTP_TIMEOUT: '3s',
    });
    server = await startWardflowProcess(env, { history: false });
  });

  afterAll(async () => {
    await server?.stop();
    await relay?.close();
    await simulator?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function escalationRows(): Promise<EscalationRow[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (
        await client.query<EscalationRow>(
          `select e.id, e.ward_id, e.rule_id as rule, e.subject, w.site_id, e.notified_at, e.resolved_at
             from escalations e join wards w on w.id = e.ward_id order by e.id`,
        )
      ).rows;
    } finally {
      await client.end();
    }
  }

  async function sendNow(): Promise<string> {
    const response = await server.api('/api/digests/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { week: string }).week;
  }

  const weekRows = async (week: string): Promise<DigestLedgerEntry[]> =>
    (await server.json<DigestLedgerResponse>('/api/digests')).entries.filter((e) => e.week === week);

  /** A "send now" while the relay misbehaves: every row failed with the reason, this attempt counted. */
  async function failedRun(mode: RelayMode, reason: RegExp, attempts: number): Promise<DigestLedgerEntry[]> {
    await relay.setMode(mode);
    const week = await sendNow();
    const rows = await waitUntil(
      () => weekRows(week),
      (all) => all.length > 0 && all.every((e) => e.state === 'failed' && e.attempts === attempts),
      `Every digest failed with the relay in ${mode}`,
      { timeoutMs: 30_000 },
    );
    for (const row of rows.value) expect(row.reason).toMatch(reason);
    return rows.value;
  }

  it('should send each digest and each escalation email exactly once after the relay refused, rejected and hung', async () => {
    // Escalations are raised on the first polls, while the relay refuses connections: their emails fail.
    const raised = await waitUntil(
      () => escalationRows(),
      (rows) => new Set(rows.map((r) => r.ward_id)).size === simulator.wards().length,
      'An escalation raised for every ward',
    );
    expect(raised.value.every((r) => r.notified_at === null)).toBe(true);

    const refused = await failedRun('refuse-connections', /ECONNREFUSED/, 1);
    const week = refused[0]?.week as string;
    await failedRun('reject', /550/, 2);
    await failedRun('hang-greeting', /ETIMEDOUT|[Tt]imeout/, 3);
    await failedRun('hang-after-data', /ETIMEDOUT|[Tt]imeout/, 4);
    // So far the relay confirmed nothing.
    expect(relay.received.filter((m) => m.acknowledged)).toEqual([]);

    await relay.setMode('accept');
    const backAt = Date.now();
    // No one presses anything: the first run's queued retry (BullMQ backoff) sends the failed rows.
    const sent = await waitUntil(
      () => weekRows(week),
      (all) => all.every((e) => e.state === 'sent'),
      'Every digest sent by the queued retry',
      { timeoutMs: 120_000, everyMs: 500 },
    );
    const open = await waitUntil(
      () => escalationRows(),
      (rows) => rows.filter((r) => r.resolved_at === null).every((r) => r.notified_at !== null),
      'Every open escalation emailed',
      { timeoutMs: 30_000 },
    );
    // Everything still queued (the other runs' retries, later evaluations) finds nothing more to send.
    await sleep(8_000);
    await noStuckJobs(env.REDIS_URL as string, env.WARDFLOW_QUEUE_PREFIX as string, 'No stuck job after SMTP');

    const confirmed = relay.received.filter((m) => m.acknowledged);
    const confirmedIds = confirmed.map((m) => m.messageId);
    // Nothing confirmed twice, whatever it was.
    expect(new Set(confirmedIds).size).toBe(confirmedIds.length);
    // Each lead's digest confirmed exactly once, under the Message-ID the ledger holds.
    const digests = (await weekRows(week)).map((e) => e.messageId);
    for (const id of digests) expect(confirmedIds.filter((x) => x === id)).toHaveLength(1);
    // Each escalation emailed to its site's manager exactly once; none emailed that was not recorded.
    const rows = await escalationRows();
    const openRows = rows.filter((r) => r.resolved_at === null);
    const perWardRule = new Set(openRows.map((r) => `${r.ward_id}/${r.rule}/${r.subject}`));
    expect(perWardRule.size).toBe(openRows.length);
    for (const row of openRows) {
      const ids = confirmed.filter((m) => m.messageId.startsWith(`<escalation-${row.id}-`));
      expect(ids).toHaveLength(1);
      expect(ids[0]?.to).toEqual([MANAGERS.find((m) => m.siteId === row.site_id)?.email]);
    }
    const escalationMails = confirmed.filter((m) => m.messageId.startsWith('<escalation-'));
    for (const mail of escalationMails) {
      const id = Number(/^<escalation-(\d+)-/.exec(mail.messageId)?.[1]);
      expect(rows.find((r) => r.id === id)?.notified_at).not.toBeNull();
    }
    const unconfirmed = relay.received.filter((m) => !m.acknowledged).length;
    record({
      scenario: 'SMTP refused, 550, hung (greeting, after data), back',
      checked: `${digests.length} digests failed 4x each with the reason, then sent once by the queued retry; ${openRows.length} open escalations (one per ward and rule) emailed once each; ${unconfirmed} unconfirmed copies taken while hanging, resent once; no stuck job`,
      recoveryMs: Math.max(sent.at, open.at) - backAt,
    });
  });
});
