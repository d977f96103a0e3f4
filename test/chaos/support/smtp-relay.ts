/**
 * The trust's SMTP relay for the chaos scenarios: a real SMTP server (smtp-server) in the test process
 * behind a TCP front on a fixed address, so the relay can misbehave and recover without Wardflow's
 * SMTP_URL changing:
 *
 * - `accept`: takes every message and keeps it (with its Message-ID and recipients);
 * - `refuse-connections`: nothing listens on the address (ECONNREFUSED), as a relay that is down;
 * - `reject`: answers every recipient with a permanent 550, as a relay refusing to relay;
 * - `hang-greeting`: takes the connection and never says a word;
 * - `hang-after-data`: takes the whole message, keeps it, and never answers the end of the data.
 *   The sender cannot know whether the message went: the hardest case for "never twice".
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type RelayMode = 'accept' | 'refuse-connections' | 'reject' | 'hang-greeting' | 'hang-after-data';

export interface ReceivedMessage {
  messageId: string;
  to: string[];
  subject: string;
  /** Whether the relay told the sender it took it (false for messages taken while hanging after data). */
  acknowledged: boolean;
  at: number;
}

export interface SmtpRelay {
  url: string;
  received: ReceivedMessage[];
  mode(): RelayMode;
  setMode(mode: RelayMode): Promise<void>;
  /** In `accept`: wait this long before acknowledging each message (a slow relay; a run then takes a while). */
  setAcceptDelay(ms: number): void;
  close(): Promise<void>;
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim() ?? '';
}

export async function startSmtpRelay(initial: RelayMode = 'accept'): Promise<SmtpRelay> {
  let mode: RelayMode = initial;
  let acceptDelayMs = 0;
  const received: ReceivedMessage[] = [];
  const held = new Set<Socket>();
  const inner = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    size: 20 * 1024 * 1024,
    onRcptTo(_address, _session, callback) {
      if (mode === 'reject') {
        const error = new Error('5.7.1 Relaying denied (chaos)') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const hangs = mode === 'hang-after-data';
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          messageId: header(raw, 'Message-ID'),
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, 'Subject'),
          acknowledged: !hangs,
          at: Date.now(),
        });
        // Hanging: the message is here, the 250 never goes; the sender times out.
        if (!hangs) setTimeout(() => callback(), acceptDelayMs);
      });
    },
  });
  await new Promise<void>((resolve) => inner.listen(0, '127.0.0.1', resolve));
  const innerPort = (inner.server.address() as AddressInfo).port;

  const connections = new Set<Socket>();
  const front: Server = createServer((client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang-greeting') {
      held.add(client);
      return;
    }
    const upstream = connect({ port: innerPort, host: '127.0.0.1' });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve) => front.listen(port, '127.0.0.1', () => resolve()));
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!front.listening) return resolve();
      front.close(() => resolve());
      for (const socket of connections) socket.destroy();
    });
  await listen(0);
  const port = (front.address() as AddressInfo).port;
  if (initial === 'refuse-connections') await stopListening();

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    mode: () => mode,
    setAcceptDelay: (ms) => {
      acceptDelayMs = ms;
    },
    async setMode(next) {
      // Connections held or pooled under the previous behaviour are cut, as a relay restarted does.
      for (const socket of connections) socket.destroy();
      held.clear();
      mode = next;
      if (next === 'refuse-connections') await stopListening();
      else if (!front.listening) await listen(port);
    },
    async close() {
      await stopListening();
      await new Promise<void>((resolve) => inner.close(() => resolve()));
    },
  };
}
