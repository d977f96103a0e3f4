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
});
