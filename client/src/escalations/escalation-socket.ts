/**
 * Adapts a typed Socket.IO client to the escalation feed's transport: the only escalation file that
 * knows Socket.IO. A wall screen's header uses its own connection, subscribed to its ward's
 * escalations only, so it never receives the ward's boards twice.
 */
import type { EscalationsSubscribeRequest, EscalationView, SubscribeAck } from '@wardflow/shared';
import { connectWardSocket, type WardSocket } from '../live/socket-transport';
import type { EscalationTransport } from './escalation-feed';

const SUBSCRIBE_TIMEOUT_MS = 10_000;

export function escalationTransport(socket: WardSocket = connectWardSocket()): EscalationTransport {
  return {
    onConnect: (listener) => socket.on('connect', listener),
    onDisconnect: (listener) => socket.on('disconnect', () => listener()),
    onHeartbeat: (listener) => socket.on('heartbeat', listener),
    onEscalation: (listener) => socket.on('escalation', listener),
    subscribe: (request: EscalationsSubscribeRequest): Promise<SubscribeAck<EscalationView[]>> =>
      socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('escalations:subscribe', request),
    close: () => socket.disconnect(),
  };
}
