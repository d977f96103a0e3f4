/** Transports the tests drive by hand, recording what the feed asks of them, and shared feed helpers (docs/style.md rule 11). */
import type {
  Board,
  HeartbeatPayload,
  HuddleActionsChangedMessage,
  SubscribeAck,
  WardSafetyUpdate,
  WardSubscribeRequest,
} from '@wardflow/shared';
import type { AccessEndReason } from '../auth/access-words';
import { makeBoard, NOW } from '../testing/builders';
import type { MonotonicClock } from './clock';
import type { LiveStatus, LiveTransport } from './socket-feed';
import type { FeedTransport } from './ward-feed';

/** What every fake transport shares: the connection's own events, its answer to a subscription, and closing. */
export class FakeLiveTransport<T> implements LiveTransport {
  connect: () => void = () => undefined;
  disconnect: () => void = () => undefined;
  heartbeat: (payload: HeartbeatPayload) => void = () => undefined;
  endAccess: (reason: AccessEndReason) => void = () => undefined;
  restarting: (payload: { backWithinMs: number }) => void = () => undefined;
  /** The feed has wired its listeners (a screen using this transport is up). */
  started = false;
  closed = false;

  constructor(public answer: () => Promise<SubscribeAck<T>>) {}

  onConnect(listener: () => void): void {
    this.connect = listener;
    this.started = true;
  }
  onDisconnect(listener: () => void): void {
    this.disconnect = listener;
  }
  onHeartbeat(listener: (payload: HeartbeatPayload) => void): void {
    this.heartbeat = listener;
  }
  onAccessEnded(listener: (reason: AccessEndReason) => void): void {
    this.endAccess = listener;
  }
  onRestarting(listener: (payload: { backWithinMs: number }) => void): void {
    this.restarting = listener;
  }
  close(): void {
    this.closed = true;
  }
}

export class FakeWardTransport extends FakeLiveTransport<Board> implements FeedTransport {
  readonly subscriptions: WardSubscribeRequest[] = [];
  board: (board: Board) => void = () => undefined;
  safety: (update: WardSafetyUpdate) => void = () => undefined;
  huddleActions: (message: HuddleActionsChangedMessage) => void = () => undefined;

  constructor() {
    super(() => Promise.resolve({ data: makeBoard() }));
  }

  onBoard(listener: (board: Board) => void): void {
    this.board = listener;
  }
  onSafety(listener: (update: WardSafetyUpdate) => void): void {
    this.safety = listener;
  }
  onHuddleActions(listener: (message: HuddleActionsChangedMessage) => void): void {
    this.huddleActions = listener;
  }
  subscribe(request: WardSubscribeRequest): Promise<SubscribeAck<Board>> {
    this.subscriptions.push(request);
    return this.answer();
  }
}

/** Lets pending promises (a subscription answer) settle. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

interface StartableFeed<V> {
  start(onChange: () => void): void;
  view(): V;
}

/** Starts a feed on `transport` with a monotonic clock the test moves on by hand, counting its changes. */
export function startWithFakeClock<Transport, F extends StartableFeed<unknown>>(
  transport: Transport,
  create: (transport: Transport, monotonic: MonotonicClock) => F,
) {
  let monotonic = 0;
  const feed = create(transport, () => monotonic);
  let changes = 0;
  feed.start(() => (changes += 1));
  return { feed, transport, advance: (ms: number) => (monotonic += ms), changes: () => changes };
}

/** The connection behaviour every socket feed shares: silence and heartbeats, and server time between messages. */
export function itWatchesTheConnection(
  startFeed: () => {
    feed: { view(): LiveStatus };
    transport: FakeLiveTransport<unknown>;
    advance: (ms: number) => void;
  },
): void {
  it('should go lost after 75 s of silence and recover on the next heartbeat', async () => {
    const { feed, transport, advance } = startFeed();
    transport.connect();
    await settle();
    advance(75_000);
    expect(feed.view().connection).toBe('lost');
    transport.heartbeat({ serverTime: new Date(NOW + 75_000).toISOString() });
    expect(feed.view()).toMatchObject({ connection: 'live', serverNow: NOW + 75_000 });
  });

  it('should say restarting, not lost, while a server that announced its restart is away, for as long as it said', async () => {
    const { feed, transport, advance } = startFeed();
    transport.connect();
    await settle();
    transport.restarting({ backWithinMs: 60_000 });
    transport.disconnect();
    expect(feed.view().connection).toBe('restarting');
    advance(59_000);
    expect(feed.view().connection).toBe('restarting');
    advance(1_000);
    expect(feed.view().connection).toBe('lost');
    transport.connect();
    await settle();
    expect(feed.view().connection).toBe('live');
    // Once back, a later drop without an announcement is a lost connection again.
    transport.disconnect();
    expect(feed.view().connection).toBe('lost');
  });

  it('should carry server time forward on the monotonic clock between messages', async () => {
    const { feed, transport, advance } = startFeed();
    transport.connect();
    await settle();
    advance(12_345);
    expect(feed.view().serverNow).toBe(NOW + 12_345);
  });
}
