/**
 * The weekly digest end to end inside the server: PostgreSQL (a fresh database), the real mailer
 * over SMTP to a real SMTP server in this process, BullMQ on Redis under a unique prefix. One email
 * per lead and week whatever happens: the job run twice or concurrently, the worker dying between
 * send and "sent", the relay refusing or hanging (a failed row with the reason, cleared by a retry).
 */
import { testConfig } from '../testing/test-config.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestWeekOf, QUEUES, type Ward, type WeeklyDigestJob } from '@wardflow/shared';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { type AppConfig } from '../config/app-config.js';
import { NodemailerMailer, type Mailer } from '../mail/mailer.adapter.js';
import { BoardRepository } from '../store/board.repository.js';
import { openDatabase, type DatabaseHandle } from '../store/database.adapter.js';
import { DigestRepository } from '../store/digest.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { createPostgresDatabase, createTempDir } from '../testing/test-databases.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { readMime, startSilentServer, startSmtpSink, type SmtpSink } from '../testing/smtp-sink.js';
import { makeDigestWard } from './digest.builders.js';
import { DigestContentService } from './digest-content.service.js';
import { weekOfJob } from './digest.processor.js';
import { DigestRunError, DigestService, SENDING_CLAIM_MS } from './digest.service.js';
import { LeadsService } from './leads.service.js';

const NOW = Date.parse('2026-03-30T06:00:00Z'); // Monday 07:00 BST
const WEEK = '2026-03-30';
const DAY = 86_400_000;

const WARDS: Array<Ward & { seed: number }> = [
  { id: 'ward-2a', name: 'Ward 2A Respiratory', seed: 2, profile: 'acute' },
  { id: 'ward-cedar', name: 'Cedar Ward', seed: 3, profile: 'mental-health' },
  { id: 'ward-3b', name: 'Ward 3B Frailty', seed: 4, profile: 'acute' },
  { id: 'ward-oak', name: 'Oak Ward', seed: 7, profile: 'mental-health' },
].map(
  (w) =>
    ({
      ...w,
      siteId: 'site-1',
      siteName: 'Royal Infirmary',
      displayLabel: 'initials',
      showMentalHealthAct: true,
    }) as Ward & { seed: number },
);

const LEADS = [
  {
    id: 'matron-medicine',
    name: 'Matron, Medicine',
    email: 'matron.medicine@trust.example',
    wardIds: ['ward-2a', 'ward-3b'],
  },
  { id: 'lead-mh', name: 'Mental health lead', email: 'mh.lead@trust.example', wardIds: ['ward-cedar', 'ward-oak'] },
  { id: 'lead-all', name: 'Director of nursing', email: 'don@trust.example', wardIds: WARDS.map((w) => w.id) },
];

interface Setup {
  config: AppConfig;
  database: DatabaseHandle;
  ledger: DigestRepository;
  leads: LeadsService;
  content: DigestContentService;
  clock: { now: number };
  service(mailer: Mailer, ledger?: DigestRepository): DigestService;
  close(): Promise<void>;
}

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const dir = createTempDir();
  const file = join(dir.path, 'wards.json');
  writeFileSync(file, JSON.stringify({ leads: LEADS, emailDomains: ['trust.example'] }));
  const config = testConfig({
    FHIR_BASE_URL: 'http://fhir.invalid/fhir',
    WARDS_CONFIG: file,
    DIGEST_FROM: 'wardflow@trust.example',
    ...env,
  });
  const pg = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
  const boards = new BoardRepository(database.db);
  const scores = new ScoreRepository(database.db);
  await boards.upsertWards(
    WARDS.map(({ seed: _seed, ...w }) => w),
    new Date(NOW - 30 * DAY),
  );
  for (const w of WARDS) {
    const input = makeDigestWard(w.id, w.seed, { name: w.name }, w.profile);
    const row = input.row;
    const score = (at: number, composite: number | null) => ({
      wardId: w.id,
      at: new Date(at),
      granularity: 'poll' as const,
      cells: row.cells,
      composite,
      compositeBand: row.composite.band,
      trend: row.trend,
      prediction: row.prediction,
      harmIncidents7d: null,
      occupiedBedDays7d: null,
      source: 'live' as const,
    });
    for (let d = 20; d >= 1; d--)
      await scores.insertScore(score(NOW - d * DAY, Math.max(0, (row.composite.value ?? 0) - (d % 6))));
    await scores.insertScore(score(NOW - 10 * 60_000, row.composite.value));
  }
  const clock = { now: NOW };
  const ledger = new DigestRepository(database.db);
  const leads = new LeadsService(config, boards);
  const content = new DigestContentService(config, boards, scores, ledger);
  return {
    config,
    database,
    ledger,
    leads,
    content,
    clock,
    service: (mailer, own = ledger) => new DigestService(config, () => clock.now, mailer, own, leads, content),
    async close() {
      await database.close();
      await pg.drop();
      dir.remove();
    },
  };
}

function mailerFor(config: AppConfig, url: string, timeoutMs = 10_000): NodemailerMailer {
  return new NodemailerMailer({
    smtpUrl: url,
    from: config.digest.from,
    outboxDir: '',
    allowedDomains: config.digest.emailDomains,
    timeoutMs,
  });
}

function countByRecipient(sink: SmtpSink): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of sink.received) for (const to of m.to) counts[to] = (counts[to] ?? 0) + 1;
  return counts;
}

const ONE_EACH = Object.fromEntries(LEADS.map((l) => [l.email, 1]));

describe('weekly digest sending', () => {
  let s: Setup;
  let sink: SmtpSink;
  let mailer: NodemailerMailer;

  beforeEach(async () => {
    s = await setup();
    sink = await startSmtpSink();
    mailer = mailerFor(s.config, sink.url);
  }, 60_000);

  afterEach(async () => {
    mailer.close();
    await sink.close();
    await s.close();
  });

  it("should send one email per lead through the job, with the lead's wards, every cell's band in words, and inline charts", async () => {
    const prefix = uniquePrefix();
    const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };
    const queue = new Queue<WeeklyDigestJob>(QUEUES.weeklyDigest, { connection, prefix });
    const events = new QueueEvents(QUEUES.weeklyDigest, { connection, prefix });
    const service = s.service(mailer);
    const worker = new Worker<WeeklyDigestJob>(QUEUES.weeklyDigest, (job) => service.run(weekOfJob(job)), {
      connection,
      prefix,
      concurrency: 2,
    });
    try {
      await events.waitUntilReady();
      // Scheduled (no week: taken from when it was due) and on demand, close together: still one each.
      const jobs = await Promise.all([
        queue.add('weekly', { trigger: 'schedule' }, { timestamp: NOW } as never),
        queue.add('manual', { trigger: 'manual', week: WEEK }),
      ]);
      await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 30_000)));
      expect(countByRecipient(sink)).toEqual(ONE_EACH);

      for (const lead of LEADS) {
        const mail = sink.received.find((m) => m.to.includes(lead.email))!;
        const { headers, parts } = readMime(mail.raw);
        expect(headers.get('message-id')).toMatch(new RegExp(`^<digest\\.${WEEK}\\.[A-Za-z0-9_-]+@trust\\.example>$`));
        expect(headers.get('from')).toContain('wardflow@trust.example');
        const text = parts.find((p) => p.type === 'text/plain')!.body;
        const html = parts.find((p) => p.type === 'text/html')!.body;
        const images = parts.filter((p) => p.type === 'image/png');
        expect(images).toHaveLength(lead.wardIds.length);
        for (const image of images) expect(html).toContain(`cid:${image.cid}`);
        for (const ward of WARDS) {
          const mine = lead.wardIds.includes(ward.id);
          expect(text.includes(ward.name)).toBe(mine);
          expect(html.includes(ward.name)).toBe(mine);
          if (!mine) continue;
          const expected = makeDigestWard(ward.id, ward.seed, { name: ward.name }, ward.profile).row.cells;
          for (const cell of expected) {
            const word = cell.band === 'red' ? 'RED' : cell.band === 'amber' ? 'AMBER' : 'OK';
            expect(text).toMatch(
              new RegExp(`\\s${String(cell.value).replace('.', '\\.')}(%|( [A-Za-z ,0-9]+)?)\\s+${word}\\b`),
            );
          }
        }
        expect(html).not.toMatch(/src="https?:/);
      }
      const rows = await s.ledger.list();
      expect(rows.map((r) => [r.leadId, r.week, r.state, r.attempts])).toEqual(
        [...LEADS].sort((a, b) => a.id.localeCompare(b.id)).map((l) => [l.id, WEEK, 'sent', 1]),
      );
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 60_000);

  it('should send nothing twice when the run is repeated or two run at once', async () => {
    const a = s.service(mailer);
    const second = mailerFor(s.config, sink.url);
    const b = s.service(second);
    const results = await Promise.all([a.run(WEEK), b.run(WEEK)]).finally(() => second.close());
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(LEADS.length);
    expect(await a.run(WEEK)).toMatchObject({ sent: 0, skipped: LEADS.length, failed: [] });
    expect(countByRecipient(sink)).toEqual(ONE_EACH);
  }, 60_000);

  it('should not send again after the worker died between sending and recording it, and show the row as unknown', async () => {
    // The crash: the SMTP server has the message, then recording "sent" never happens.
    class DyingLedger extends DigestRepository {
      override async markSent(): Promise<void> {
        throw new Error('worker killed');
      }
    }
    await expect(s.service(mailer, new DyingLedger(s.database.db)).run(WEEK)).rejects.toThrow(
      'sent, but recording it failed (worker killed)',
    );
    expect(countByRecipient(sink)).toEqual(ONE_EACH);
    // The job's retries (and later runs) leave the 'sending' rows alone.
    expect(await s.service(mailer).run(WEEK)).toMatchObject({ sent: 0, skipped: 3 });
    await s.service(mailer).run(WEEK);
    expect(countByRecipient(sink)).toEqual(ONE_EACH);
    const view = await s.service(mailer).ledgerView();
    for (const row of view.entries) {
      expect(row).toMatchObject({ state: 'sending', unknown: false });
      // Written before sending, the same every attempt: what to look for in the SMTP log.
      expect(row.messageId).toMatch(/^<digest\.2026-03-30\.[A-Za-z0-9_-]+@trust\.example>$/);
    }
    expect(sink.received.map((m) => readMime(m.raw).headers.get('message-id')).sort()).toEqual(
      view.entries.map((e) => e.messageId).sort(),
    );

    s.clock.now += SENDING_CLAIM_MS + 60_000;
    expect((await s.service(mailer).ledgerView()).entries.every((e) => e.state === 'sending' && e.unknown)).toBe(true);
    expect((await s.service(mailer).troubles()).join('\n')).toContain('unknown: sending since');
    await s.service(mailer).run(WEEK);
    expect(countByRecipient(sink)).toEqual(ONE_EACH);

    // A person checked the SMTP log, found the matron's did not go, and released it: the next run sends it.
    expect(await s.service(mailer).release('matron-medicine', WEEK, 'matron.lead')).toBe(true);
    expect(await s.service(mailer).run(WEEK)).toMatchObject({ sent: 1, skipped: 2 });
    expect(countByRecipient(sink)).toEqual({ ...ONE_EACH, 'matron.medicine@trust.example': 2 });
  }, 60_000);

  it('should record a refusal as a failed row with the reason, and a retry should clear it', async () => {
    sink.refuse = 'Mailbox unavailable';
    const error = await s
      .service(mailer)
      .run(WEEK)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestRunError);
    const failed = await s.ledger.list();
    expect(failed.map((r) => r.state)).toEqual(['failed', 'failed', 'failed']);
    for (const r of failed) expect(r.reason).toMatch(/550.*Mailbox unavailable/);
    expect((await s.service(mailer).troubles()).length).toBe(3);

    sink.refuse = null;
    expect(await s.service(mailer).run(WEEK)).toMatchObject({ sent: 3, failed: [] });
    const rows = await s.ledger.list();
    expect(rows.map((r) => [r.state, r.reason, r.attempts])).toEqual([
      ['sent', null, 2],
      ['sent', null, 2],
      ['sent', null, 2],
    ]);
    expect(countByRecipient(sink)).toEqual(ONE_EACH);
  }, 60_000);

  it('should record a relay that never answers as failed with a timeout, and a retry through a working relay should clear it', async () => {
    const silent = await startSilentServer();
    const hanging = mailerFor(s.config, silent.url, 300);
    try {
      await expect(s.service(hanging).run(WEEK)).rejects.toBeInstanceOf(DigestRunError);
    } finally {
      hanging.close();
      await silent.close();
    }
    for (const r of await s.ledger.list())
      expect([r.state, r.reason]).toEqual(['failed', expect.stringMatching(/ETIMEDOUT|[Tt]imeout|[Gg]reeting/)]);
    expect(await s.service(mailer).run(WEEK)).toMatchObject({ sent: 3 });
    expect(countByRecipient(sink)).toEqual(ONE_EACH);
  }, 60_000);

  it('should refuse a recipient outside the allowed domains and record why', async () => {
    const narrow = new NodemailerMailer({
      smtpUrl: sink.url,
      from: s.config.digest.from,
      outboxDir: '',
      allowedDomains: ['nhs.net'],
      timeoutMs: 500,
    });
    try {
      await expect(s.service(narrow).run(WEEK)).rejects.toBeInstanceOf(DigestRunError);
    } finally {
      narrow.close();
    }
    for (const r of await s.ledger.list())
      expect(r.reason).toBe('recipient domain trust.example is not in emailDomains (SEC-9)');
    expect(sink.received).toHaveLength(0);
  }, 60_000);

  it('should name the week of a scheduled job by when it was due, the same Monday on every retry', () => {
    // Created a week early at the previous run, delayed until due: 07:00 BST Monday 30 March.
    const due = Date.parse('2026-03-30T06:00:00Z');
    expect(weekOfJob({ data: { trigger: 'schedule' }, timestamp: due - 7 * DAY, opts: { delay: 7 * DAY } })).toBe(
      '2026-03-30',
    );
    expect(weekOfJob({ data: { trigger: 'manual', week: '2026-03-23' }, timestamp: due, opts: {} })).toBe('2026-03-23');
    expect(digestWeekOf(due)).toBe(WEEK);
  });
});

describe('digest outbox without SMTP', () => {
  it('should write one .eml per lead and week to the outbox and list it', async () => {
    const s = await setup();
    const dir = createTempDir();
    const outbox = new NodemailerMailer({
      smtpUrl: null,
      from: s.config.digest.from,
      outboxDir: join(dir.path, 'outbox'),
      allowedDomains: ['trust.example'],
      timeoutMs: 500,
    });
    try {
      await s.service(outbox).run(WEEK);
      const view = await s.service(outbox).ledgerView();
      expect(view.transport).toBe('outbox');
      expect(view.outbox).toHaveLength(3);
      expect(view.outbox.every((f) => f.file.startsWith(`digest.${WEEK}.`) && f.file.endsWith('.eml'))).toBe(true);
      expect(view.entries.every((e) => e.state === 'sent')).toBe(true);
    } finally {
      outbox.close();
      dir.remove();
      await s.close();
    }
  }, 60_000);
});
