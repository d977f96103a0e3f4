import { createRedis } from './redis.adapter.js';
import { TEST_REDIS_URL, uniquePrefix } from '../testing/test-redis.js';
import { RedisBoardEvents } from './board-events.adapter.js';

describe('BoardEvents over real Redis', () => {
  it('should deliver board-changed messages to every subscriber under the same prefix, and only those', async () => {
    const prefix = uniquePrefix();
    const publisher = new RedisBoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
    const listenerA = new RedisBoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
    const stranger = new RedisBoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), uniquePrefix());
    const received: unknown[] = [];
    const strangerReceived: unknown[] = [];
    await listenerA.subscribe((m) => received.push(m));
    await stranger.subscribe((m) => strangerReceived.push(m));

    await publisher.publish({ wardId: 'ward-a', version: 7 });
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));

    expect(received).toEqual([{ wardId: 'ward-a', version: 7 }]);
    expect(strangerReceived).toEqual([]);
    await Promise.all([publisher.close(), listenerA.close(), stranger.close()]);
  });

  it('should say when the subscription comes back after its connection was lost, not at the first connection', async () => {
    const prefix = uniquePrefix();
    const subscriber = createRedis(TEST_REDIS_URL);
    const events = new RedisBoardEvents(createRedis(TEST_REDIS_URL), subscriber, prefix);
    const received: unknown[] = [];
    let resubscribed = 0;
    events.onResubscribed(() => resubscribed++);
    await events.subscribe((m) => received.push(m));
    expect(resubscribed).toBe(0);

    subscriber.disconnect(true);
    for (let i = 0; i < 100 && resubscribed === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(resubscribed).toBe(1);
    // Subscribed again: announcements arrive as before.
    const publisher = new RedisBoardEvents(createRedis(TEST_REDIS_URL), createRedis(TEST_REDIS_URL), prefix);
    await publisher.publish({ wardId: 'ward-a', version: 8 });
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual([{ wardId: 'ward-a', version: 8 }]);
    await Promise.all([publisher.close(), events.close()]);
  });
});
