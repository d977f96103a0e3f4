import { jest } from '@jest/globals';
import type { AccessEndReason } from '../auth/access-words';
import { baseTransport, refusalReason, type WardSocket } from './socket-transport';

/** Just enough of a Socket.IO client socket: handlers by event, `active`, and a count of connect calls. */
class FakeSocket {
  readonly handlers = new Map<string, Array<(...args: unknown[]) => void>>();
  active = true;
  connects = 0;
  disconnects = 0;
  on(event: string, handler: (...args: unknown[]) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  connect(): void {
    this.connects += 1;
  }
  disconnect(): void {
    this.disconnects += 1;
  }
}

const refused = (reason: unknown) => Object.assign(new Error('unauthorised'), { data: { reason } });

function start() {
  const socket = new FakeSocket();
  const transport = baseTransport(socket as unknown as WardSocket);
  const ended: AccessEndReason[] = [];
  transport.onAccessEnded((reason) => ended.push(reason));
  return { socket, transport, ended };
}

describe('refusalReason', () => {
  it('should read the reason a refused handshake carries, and call an unreadable one no credential', () => {
    expect(refusalReason(refused('session-idle'))).toBe('session-idle');
    expect(refusalReason(refused('no-credential'))).toBe('no-credential');
    expect(refusalReason(refused('something new'))).toBe('no-credential');
    expect(refusalReason(new Error('xhr poll error'))).toBeNull();
  });
});

describe('baseTransport', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should report access:ended once and not reconnect after the server closes the socket', () => {
    const { socket, ended } = start();
    socket.emit('access:ended', { reason: 'device-revoked' });
    socket.emit('disconnect', 'io server disconnect');
    jest.advanceTimersByTime(60_000);
    expect(ended).toEqual(['device-revoked']);
    expect(socket.connects).toBe(0);
  });

  it('should stop at a handshake refused as unauthorised rather than knock for ever', () => {
    const { socket, ended } = start();
    socket.active = false;
    socket.emit('connect_error', refused('session-expired'));
    jest.advanceTimersByTime(60_000);
    expect(ended).toEqual(['session-expired']);
    expect(socket.connects).toBe(0);
  });

  it('should try again by itself after any other refusal, and after a server restart', () => {
    const { socket, ended } = start();
    socket.active = false;
    socket.emit('connect_error', new Error("the server could not check this connection's credential"));
    jest.advanceTimersByTime(10_000);
    expect(socket.connects).toBe(1);
    socket.emit('disconnect', 'io server disconnect');
    jest.advanceTimersByTime(10_000);
    expect(socket.connects).toBe(2);
    expect(ended).toEqual([]);
  });

  it('should leave network trouble to Socket.IO, which reconnects by itself', () => {
    const { socket } = start();
    socket.emit('connect_error', new Error('xhr poll error'));
    jest.advanceTimersByTime(60_000);
    expect(socket.connects).toBe(0);
  });
});
