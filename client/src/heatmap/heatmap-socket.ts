/**
 * Adapts the shared typed socket to the heat-map feed. Connection, heartbeat, access ended, close and
 * the come-back-after-a-server-restart behaviour are the ward display's own (`baseTransport`); only
 * the heat-map subscription and event are added here.
 */
import type { Heatmap, SubscribeAck } from '@wardflow/shared';
import { baseTransport, type WardSocket } from '../live/socket-transport';
import type { HeatmapTransport } from './heatmap-feed';

/** The answer comes at once from the server's store; ten seconds without one means trouble. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export function heatmapTransport(socket: WardSocket): HeatmapTransport {
  return {
    ...baseTransport(socket),
    onHeatmap: (listener) => socket.on('heatmap', listener),
    subscribe: (): Promise<SubscribeAck<Heatmap>> =>
      socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('heatmap:subscribe', {}),
  };
}
