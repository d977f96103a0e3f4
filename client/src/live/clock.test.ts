import { ServerClock } from './clock';

describe('ServerClock', () => {
  it('should estimate server time from the last server timestamp plus monotonic time elapsed', () => {
    let monotonic = 500;
    const clock = new ServerClock(() => monotonic);
    expect(clock.now()).toBeNull();
    clock.sync('2026-01-14T14:00:00.000Z');
    monotonic += 90_000;
    expect(clock.now()).toBe(Date.parse('2026-01-14T14:01:30.000Z'));
  });

  it('should ignore a timestamp that does not parse', () => {
    const clock = new ServerClock(() => 0);
    clock.sync('2026-01-14T14:00:00.000Z');
    clock.sync('not a time');
    expect(clock.now()).toBe(Date.parse('2026-01-14T14:00:00.000Z'));
  });
});
