import type { Board, HeartbeatPayload, SubscribeAck, WardSafetyUpdate, WardSubscribeRequest } from '@wardflow/shared';
import { makeRow, TEST_MEASURES } from '../heatmap/heatmap.builders';
import { NOW, makeBoard } from '../testing/builders';
import { WardFeed, type FeedTransport } from './ward-feed';

/** A transport the test drives by hand, recording what the feed asks of it. */
class FakeTransport implements FeedTransport {
  readonly subscriptions: WardSubscribeRequest[] = [];
  answer: () => Promise<SubscribeAck<Board>> = () => Promise.resolve({ data: makeBoard() });
  connect: () => void = () => undefined;
  disconnect: () => void = () => undefined;
  heartbeat: (payload: HeartbeatPayload) => void = () => undefined;
  board: (board: Board) => void = () => undefined;
  safety: (update: WardSafetyUpdate) => void = () => undefined;
  closed = false;

  onConnect(listener: () => void): void {
    this.connect = listener;
  }
  onDisconnect(listener: () => void): void {
    this.disconnect = listener;
  }
  onHeartbeat(listener: (payload: HeartbeatPayload) => void): void {
    this.heartbeat = listener;
  }
  onBoard(listener: (board: Board) => void): void {
    this.board = listener;
  }
  onSafety(listener: (update: WardSafetyUpdate) => void): void {
    this.safety = listener;
  }
  subscribe(request: WardSubscribeRequest): Promise<SubscribeAck<Board>> {
    this.subscriptions.push(request);
    return this.answer();
  }
  close(): void {
    this.closed = true;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function startFeed() {
  let monotonic = 0;
  const transport = new FakeTransport();
  const feed = new WardFeed('ward-ash', transport, () => monotonic);
  feed.start(() => undefined);
  return { feed, transport, advance: (ms: number) => (monotonic += ms) };
}

describe('WardFeed', () => {
  it('should subscribe on connect and show the board from the answer', async () => {
    const { feed, transport } = startFeed();
    transport.connect();
    await settle();
    expect(transport.subscriptions).toEqual([{ wardId: 'ward-ash' }]);
    expect(feed.view()).toMatchObject({ connection: 'live', error: null, serverNow: NOW });
    expect(feed.view().board?.version).toBe(1);
  });

  it('should subscribe again on every reconnect', async () => {
    const { transport } = startFeed();
    transport.connect();
    await settle();
    transport.disconnect();
    transport.connect();
    await settle();
    expect(transport.subscriptions).toHaveLength(2);
  });

  it('should apply newer ward:board events and ignore older ones', async () => {
    const { feed, transport } = startFeed();
    transport.connect();
    await settle();
    transport.board(makeBoard({ version: 3 }));
    transport.board(makeBoard({ version: 2 }));
    expect(feed.view().board?.version).toBe(3);
  });

  it('should put a pushed ward:safety row on the board and count it as a sign of life', async () => {
    const { feed, transport, advance } = startFeed();
    transport.connect();
    await settle();
    advance(70_000);
    const row = makeRow({ wardId: 'ward-ash', composite: { value: 55, band: 'red' } });
    transport.safety({ wardId: 'ward-ash', safety: { version: 9, measures: TEST_MEASURES, row } });
    advance(10_000);
    expect(feed.view().board?.safety?.row.composite).toEqual({ value: 55, band: 'red' });
    expect(feed.view().connection).toBe('live');
  });

  it('should show the error the server gives for a refused subscription', async () => {
    const { feed, transport } = startFeed();
    transport.answer = () => Promise.resolve({ error: 'Unknown ward ward-ash' });
    transport.connect();
    await settle();
    expect(feed.view()).toMatchObject({ board: null, error: 'Unknown ward ward-ash' });
  });

  it('should say so when the subscription goes unanswered', async () => {
    const { feed, transport } = startFeed();
    transport.answer = () => Promise.reject(new Error('operation has timed out'));
    transport.connect();
    await settle();
    expect(feed.view().error).toMatch(/did not answer/);
    feed.stop();
  });

  it('should go lost after 75 s of silence and recover on the next heartbeat', async () => {
    const { feed, transport, advance } = startFeed();
    transport.connect();
    await settle();
    advance(75_000);
    expect(feed.view().connection).toBe('lost');
    transport.heartbeat({ serverTime: new Date(NOW + 75_000).toISOString() });
    expect(feed.view()).toMatchObject({ connection: 'live', serverNow: NOW + 75_000 });
  });

  it('should carry server time forward on the monotonic clock between messages', async () => {
    const { feed, transport, advance } = startFeed();
    transport.connect();
    await settle();
    advance(12_345);
    expect(feed.view().serverNow).toBe(NOW + 12_345);
  });

  it('should close the transport when stopped', () => {
    const { feed, transport } = startFeed();
    feed.stop();
    expect(transport.closed).toBe(true);
  });
});
