import type { Heatmap, SubscribeAck } from '@wardflow/shared';
import { FakeLiveTransport, itWatchesTheConnection, settle, startWithFakeClock } from '../live/live.builders';
import { NOW } from '../testing/builders';
import { makeHeatmap } from './heatmap.builders';
import { HeatmapFeed, type HeatmapTransport } from './heatmap-feed';

/** A heat-map transport the test drives by hand, counting the subscriptions the feed asks for. */
class FakeTransport extends FakeLiveTransport<Heatmap> implements HeatmapTransport {
  subscriptions = 0;
  push: (heatmap: Heatmap) => void = () => undefined;

  constructor() {
    super(() => Promise.resolve({ data: makeHeatmap() }));
  }

  onHeatmap(listener: (heatmap: Heatmap) => void): void {
    this.push = listener;
  }
  subscribe(): Promise<SubscribeAck<Heatmap>> {
    this.subscriptions += 1;
    return this.answer();
  }
}

const startFeed = () =>
  startWithFakeClock(new FakeTransport(), (transport, monotonic) => new HeatmapFeed(transport, monotonic));

describe('HeatmapFeed', () => {
  it('should be connecting with nothing to show before the first connect', () => {
    const { feed } = startFeed();
    expect(feed.view()).toEqual({ heatmap: null, serverNow: null, connection: 'connecting', error: null, ended: null });
  });

  it('should subscribe on connect and show the heat map from the answer', async () => {
    const { feed, transport, changes } = startFeed();
    transport.connect();
    await settle();
    expect(transport.subscriptions).toBe(1);
    expect(feed.view()).toMatchObject({ connection: 'live', error: null, serverNow: NOW });
    expect(feed.view().heatmap?.version).toBe(1);
    expect(changes()).toBeGreaterThan(0);
  });

  it('should subscribe again on every reconnect and take the full state from the answer, even a lower version', async () => {
    const { feed, transport } = startFeed();
    transport.answer = () => Promise.resolve({ data: makeHeatmap({ version: 9 }) });
    transport.connect();
    await settle();
    transport.disconnect();
    expect(feed.view().connection).toBe('lost');
    // A restarted server counts versions from the start again; its answer is still the truth.
    transport.answer = () => Promise.resolve({ data: makeHeatmap({ version: 2 }) });
    transport.connect();
    await settle();
    expect(transport.subscriptions).toBe(2);
    expect(feed.view()).toMatchObject({ connection: 'live' });
    expect(feed.view().heatmap?.version).toBe(2);
  });

  it('should apply newer heatmap events and ignore older or equal ones', async () => {
    const { feed, transport } = startFeed();
    transport.connect();
    await settle();
    transport.push(makeHeatmap({ version: 3, asOf: '2026-01-14T13:55:00.000Z' }));
    transport.push(makeHeatmap({ version: 2 }));
    transport.push(makeHeatmap({ version: 3 }));
    expect(feed.view().heatmap).toMatchObject({ version: 3, asOf: '2026-01-14T13:55:00.000Z' });
  });

  it('should ignore pushed events until the subscription answer has arrived', async () => {
    const { feed, transport } = startFeed();
    let answer: (ack: SubscribeAck<Heatmap>) => void = () => undefined;
    transport.answer = () => new Promise((resolve) => (answer = resolve));
    transport.connect();
    transport.push(makeHeatmap({ version: 5 }));
    expect(feed.view().heatmap).toBeNull();
    answer({ data: makeHeatmap({ version: 6 }) });
    await settle();
    expect(feed.view().heatmap?.version).toBe(6);
  });

  it('should drop an answer meant for a connection that has since dropped', async () => {
    const { feed, transport } = startFeed();
    let answer: (ack: SubscribeAck<Heatmap>) => void = () => undefined;
    transport.answer = () => new Promise((resolve) => (answer = resolve));
    transport.connect();
    transport.disconnect();
    answer({ data: makeHeatmap({ version: 4 }) });
    await settle();
    expect(feed.view().heatmap).toBeNull();
  });

  it('should show the error the server gives for a refused subscription, and clear it on the next good answer', async () => {
    const { feed, transport } = startFeed();
    transport.answer = () => Promise.resolve({ error: 'Heat map not available yet' });
    transport.connect();
    await settle();
    expect(feed.view()).toMatchObject({ heatmap: null, error: 'Heat map not available yet' });
    transport.answer = () => Promise.resolve({ data: makeHeatmap() });
    transport.disconnect();
    transport.connect();
    await settle();
    expect(feed.view().error).toBeNull();
  });

  it('should say so when the subscription goes unanswered, and ask again', async () => {
    const monotonic = 0;
    const transport = new FakeTransport();
    const feed = new HeatmapFeed(transport, () => monotonic, { subscribeRetryMs: 10 });
    feed.start(() => undefined);
    transport.answer = () => Promise.reject(new Error('operation has timed out'));
    transport.connect();
    await settle();
    expect(feed.view().error).toMatch(/did not answer/);
    transport.answer = () => Promise.resolve({ data: makeHeatmap() });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(transport.subscriptions).toBe(2);
    expect(feed.view()).toMatchObject({ error: null });
    feed.stop();
  });

  itWatchesTheConnection(startFeed);

  it('should drop the heat map and keep the reason when the server ends access', async () => {
    const { feed, transport } = startFeed();
    transport.connect();
    await settle();
    transport.endAccess('device-revoked');
    transport.push(makeHeatmap({ version: 7 }));
    expect(feed.view()).toMatchObject({ heatmap: null, ended: 'device-revoked' });
  });

  it('should say why when the handshake is refused for want of a credential', () => {
    const { feed, transport } = startFeed();
    transport.endAccess('no-credential');
    expect(feed.view()).toMatchObject({ heatmap: null, ended: 'no-credential' });
    expect(transport.subscriptions).toBe(0);
  });

  it('should close the transport when stopped', () => {
    const { feed, transport } = startFeed();
    feed.stop();
    expect(transport.closed).toBe(true);
  });
});
