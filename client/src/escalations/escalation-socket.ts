/**
 * Adapts a typed Socket.IO client to the escalation feed's transport: the only escalation file that
 * knows Socket.IO. A wall screen's header uses its own connection, subscribed to its ward's
 * escalations only, so it never receives the ward's boards twice. Connection, access ended and the
 * come-back-after-a-restart behaviour are the ward display's own (`baseTransport`).
 */
import type { EscalationsSubscribeRequest, EscalationView, SubscribeAck } from '@wardflow/shared';
import { baseTransport, connectWardSocket, type WardSocket } from '../live/socket-transport';
import type { EscalationTransport } from './escalation-feed';

const SUBSCRIBE_TIMEOUT_MS = 10_000;

export function escalationTransport(socket: WardSocket = connectWardSocket()): EscalationTransport {
  return {
    ...baseTransport(socket),
    onEscalation: (listener) => socket.on('escalation', listener),
    subscribe: (request: EscalationsSubscribeRequest): Promise<SubscribeAck<EscalationView[]>> =>
      socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('escalations:subscribe', request),
  };
}
