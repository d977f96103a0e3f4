import { CONNECTION_LOST_AFTER_MS, HEARTBEAT_INTERVAL_MS } from '@wardflow/shared';
import { ConnectionMonitor } from './connection-monitor';

function pinnedClock() {
  let now = 1_000;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('ConnectionMonitor', () => {
  it('should say connecting before the first connection', () => {
    const { clock } = pinnedClock();
    expect(new ConnectionMonitor(clock).status()).toBe('connecting');
  });

  it('should stay live while heartbeats arrive every 30 s', () => {
    const { clock, advance } = pinnedClock();
    const monitor = new ConnectionMonitor(clock);
    monitor.markConnected();
    for (let i = 0; i < 10; i++) {
      advance(HEARTBEAT_INTERVAL_MS);
      monitor.markAlive();
      expect(monitor.status()).toBe('live');
    }
  });

  it('should declare the connection lost 75 s after the last sign of life, not before', () => {
    const { clock, advance } = pinnedClock();
    const monitor = new ConnectionMonitor(clock);
    monitor.markConnected();
    advance(CONNECTION_LOST_AFTER_MS - 1);
    expect(monitor.status()).toBe('live');
    advance(1);
    expect(CONNECTION_LOST_AFTER_MS).toBe(75_000);
    expect(monitor.status()).toBe('lost');
  });

  it('should recover by itself when heartbeats resume', () => {
    const { clock, advance } = pinnedClock();
    const monitor = new ConnectionMonitor(clock);
    monitor.markConnected();
    advance(90_000);
    expect(monitor.status()).toBe('lost');
    monitor.markAlive();
    expect(monitor.status()).toBe('live');
  });

  it('should say lost at once when the socket drops, and live again after reconnecting', () => {
    const { clock, advance } = pinnedClock();
    const monitor = new ConnectionMonitor(clock);
    monitor.markConnected();
    advance(5_000);
    monitor.markDisconnected();
    expect(monitor.status()).toBe('lost');
    advance(3_000);
    monitor.markConnected();
    expect(monitor.status()).toBe('live');
  });

  it('should declare lost when the screen never manages to connect', () => {
    const { clock, advance } = pinnedClock();
    const monitor = new ConnectionMonitor(clock);
    advance(CONNECTION_LOST_AFTER_MS);
    expect(monitor.status()).toBe('lost');
  });
});
