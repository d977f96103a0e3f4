/**
 * A real SMTP server in the test process (smtp-server on 127.0.0.1, a free port) that keeps every
 * message it accepts, can refuse recipients on demand, and a TCP server that accepts connections and
 * never answers (an SMTP relay that hangs). Plus just enough MIME reading to get a message's parts.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** While set, every RCPT TO is answered with this error (e.g. "550 mailbox unavailable"). */
  refuse: string | null;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = { url: '', received: [], refuse: null, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // No DNS on a test machine: the reverse lookup would delay the greeting past the client's timeout.
    disableReverseLookup: true,
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (sink.refuse !== null) {
        const error = new Error(sink.refuse) as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        sink.received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** A server that takes connections and says nothing: the client must time out. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function decode(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** A message's headers (unfolded, lower-case names) and its leaf parts by content type, decoded. */
export function readMime(raw: string): {
  headers: Map<string, string>;
  parts: Array<{ type: string; cid: string | null; body: string }>;
} {
  const split = (text: string) => {
    const at = text.search(/\r?\n\r?\n/);
    const head = at < 0 ? text : text.slice(0, at);
    const body = at < 0 ? '' : text.slice(at).replace(/^\r?\n\r?\n/, '');
    const headers = new Map<string, string>();
    for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    return { headers, body };
  };
  const parts: Array<{ type: string; cid: string | null; body: string }> = [];
  const walk = (text: string) => {
    const { headers, body } = split(text);
    const type = headers.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary !== undefined) {
      const pieces = body.split(`--${boundary}`).slice(1);
      for (const piece of pieces) if (!piece.startsWith('--')) walk(piece.replace(/^\r?\n/, ''));
      return;
    }
    const cid = headers.get('content-id')?.replace(/^<|>$/g, '') ?? null;
    parts.push({
      type: type.split(';')[0]!.trim().toLowerCase(),
      cid,
      body: decode(body, (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()),
    });
  };
  walk(raw);
  return { headers: split(raw).headers, parts };
}
