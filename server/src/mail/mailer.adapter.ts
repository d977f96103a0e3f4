/**
 * The one file that knows nodemailer (docs/style.md rule 3). Two ways out:
 *
 * - `SMTP_URL` set: nodemailer over SMTP. `smtps://` is TLS from the first byte; `smtp://` must
 *   upgrade with STARTTLS (SEC-9: email only over TLS) unless the relay is on this machine, where
 *   there is no network to protect. Every phase has a timeout, so a relay that never answers
 *   becomes an error the caller records, not a job that hangs.
 * - `SMTP_URL` unset: each message is written as an .eml file to `<WARDFLOW_DATA_DIR>/outbox/`,
 *   named after its Message-ID, so a message sent twice with the same id is one file, not two.
 *
 * Either way a recipient whose domain is not allow-listed (`emailDomains` in WARDS_CONFIG) is
 * refused before anything leaves the process (SEC-9); the refusal is an error like any other.
 */
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; cid: string; contentType: string }>;
  /**
   * A stable Message-ID (`<...@...>`) for messages that must be recognisable if sent again (the
   * weekly digest uses one per lead and week); nodemailer makes a random one when absent.
   */
  messageId?: string;
}

export interface SentEmail {
  messageId: string;
  via: 'smtp' | 'outbox';
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/** A message the mailer would not send (recipient outside the allow-list); never retried into success. */
export class MailRefusedError extends Error {
  override name = 'MailRefusedError';
}

export interface MailerOptions {
  /** smtp://user:pass@host:port or smtps://...; null writes .eml files to `outboxDir`. Holds secrets: never log it. */
  smtpUrl: string | null;
  /** The From address (`DIGEST_FROM`). */
  from: string;
  outboxDir: string;
  /** Recipient domains allowed (lower case, exact match). */
  allowedDomains: readonly string[];
  /** Longest wait for connecting, the greeting and each SMTP reply. */
  timeoutMs: number;
}

/** A message waiting in the outbox folder (no SMTP configured), for the admin view. */
export interface OutboxFile {
  file: string;
  bytes: number;
  writtenAt: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The domains of every address in a To field ("Name <a@b.nhs.uk>, c@d.nhs.uk"), lower case; null for an address without one. */
export function recipientDomains(to: string): Array<string | null> {
  return to
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const address = /<([^>]*)>/.exec(part)?.[1] ?? part;
      const at = address.lastIndexOf('@');
      return at > 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : null;
    });
}

/** Why a To field may not be sent to, or null when every recipient's domain is allow-listed. */
export function recipientProblem(to: string, allowedDomains: readonly string[]): string | null {
  const domains = recipientDomains(to);
  if (domains.length === 0) return 'no recipient';
  const allowed = new Set(allowedDomains.map((d) => d.toLowerCase()));
  const bad = domains.filter((d) => d === null || !allowed.has(d));
  if (bad.length === 0) return null;
  return `recipient domain ${bad.map((d) => d ?? '(none)').join(', ')} is not in emailDomains (SEC-9)`;
}

export class NodemailerMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly via: SentEmail['via'];
  private outboxReady: Promise<unknown> | null = null;

  constructor(private readonly options: MailerOptions) {
    if (options.smtpUrl === null) {
      this.via = 'outbox';
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    } else {
      this.via = 'smtp';
      const url = new URL(options.smtpUrl);
      const implicitTls = url.protocol === 'smtps:';
      this.transport = nodemailer.createTransport({
        url: options.smtpUrl,
        secure: implicitTls,
        requireTLS: !implicitTls && !LOOPBACK.has(url.hostname),
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
        // A few reused connections: a weekly run sends one message per lead, back to back.
        pool: true,
        maxConnections: 4,
      });
    }
  }

  get transportKind(): SentEmail['via'] {
    return this.via;
  }

  async send(email: OutgoingEmail): Promise<SentEmail> {
    const problem = recipientProblem(email.to, this.options.allowedDomains);
    if (problem !== null) throw new MailRefusedError(problem);
    const message = {
      from: this.options.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      ...(email.messageId === undefined ? {} : { messageId: email.messageId }),
      attachments: (email.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: a.content,
        cid: a.cid,
        contentType: a.contentType,
      })),
    };
    const info = (await this.transport.sendMail(message)) as { messageId?: string; message?: Buffer };
    const messageId = info.messageId ?? email.messageId ?? '';
    if (this.via === 'outbox') {
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport returned no message buffer');
      await this.writeOutbox(messageId, info.message);
    }
    return { messageId, via: this.via };
  }

  /** The .eml files in the outbox, newest first (empty when SMTP is configured or nothing was written). */
  async outbox(): Promise<OutboxFile[]> {
    if (this.via !== 'outbox') return [];
    let names: string[];
    try {
      names = (await readdir(this.options.outboxDir)).filter((n) => n.endsWith('.eml'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const files = await Promise.all(
      names.map(async (file) => {
        const s = await stat(join(this.options.outboxDir, file));
        return { file, bytes: s.size, writtenAt: s.mtime.toISOString() };
      }),
    );
    return files.sort((a, b) => b.writtenAt.localeCompare(a.writtenAt) || a.file.localeCompare(b.file));
  }

  close(): void {
    this.transport.close();
  }

  /** Written to a temporary name then renamed, so the folder never shows half a message. */
  private async writeOutbox(messageId: string, raw: Buffer): Promise<void> {
    this.outboxReady ??= mkdir(this.options.outboxDir, { recursive: true });
    await this.outboxReady;
    const base =
      messageId
        .replace(/^<|>$/g, '')
        .replace(/[^A-Za-z0-9._@-]+/g, '_')
        .slice(0, 180) || `message-${Date.now()}`;
    const target = join(this.options.outboxDir, `${base}.eml`);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, raw);
    await rename(temporary, target);
  }
}
