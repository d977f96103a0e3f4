import type { Board, SubscribeAck } from '@wardflow/shared';
import { makeRow, TEST_MEASURES } from '../heatmap/heatmap.builders';
import { makeBoard, NOW } from '../testing/builders';
import { FakeWardTransport, itWatchesTheConnection, settle, startWithFakeClock } from './live.builders';
import { WardFeed } from './ward-feed';

const startFeed = () =>
  startWithFakeClock(new FakeWardTransport(), (transport, monotonic) => new WardFeed('ward-ash', transport, monotonic));

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

  it('should count the ward’s huddle-action nudges and every re-subscription, and ignore another ward’s', async () => {
    const { feed, transport } = startFeed();
    transport.connect();
    await settle();
    // The first answer needs no nudge: the actions are read as the huddle opens.
    expect(feed.view().actionsChanged).toBe(0);
    transport.huddleActions({ wardId: 'ward-ash' });
    transport.huddleActions({ wardId: 'ward-oak' });
    expect(feed.view().actionsChanged).toBe(1);
    // Back after a drop: nudges sent meanwhile never arrived, so read the actions again.
    transport.disconnect();
    transport.connect();
    await settle();
    expect(feed.view().actionsChanged).toBe(2);
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

  itWatchesTheConnection(startFeed);

  it("should drop the board and keep the reason when the server ends the screen's access", async () => {
    const { feed, transport } = startFeed();
    transport.connect();
    await settle();
    expect(feed.view().board).not.toBeNull();
    transport.endAccess('device-revoked');
    transport.disconnect();
    expect(feed.view()).toMatchObject({ board: null, ended: 'device-revoked' });
    // A board that arrives late (already in flight) is not shown again.
    transport.board(makeBoard({ version: 9 }));
    expect(feed.view().board).toBeNull();
  });

  it('should say why when the handshake is refused, and show no board', () => {
    const { feed, transport } = startFeed();
    transport.endAccess('session-idle');
    expect(feed.view()).toMatchObject({ board: null, ended: 'session-idle' });
    expect(transport.subscriptions).toEqual([]);
  });

  it('should drop a subscription answer that arrives after access ended', async () => {
    const { feed, transport } = startFeed();
    let answer: (ack: SubscribeAck<Board>) => void = () => undefined;
    transport.answer = () => new Promise((resolve) => (answer = resolve));
    transport.connect();
    transport.endAccess('session-revoked');
    answer({ data: makeBoard() });
    await settle();
    expect(feed.view()).toMatchObject({ board: null, ended: 'session-revoked' });
  });

  it('should close the transport when stopped', () => {
    const { feed, transport } = startFeed();
    feed.stop();
    expect(transport.closed).toBe(true);
  });
});
