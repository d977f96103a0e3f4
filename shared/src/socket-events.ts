/**
 * The typed Socket.IO contract, both directions (docs/design.md section 9). Server and client are both
 * checked against these maps, so an event name or payload cannot drift on one side only.
 */
import type { Heatmap, WardSafetyUpdate } from './heatmap.js';
import type { AccessEndedReason } from './api/access-api.types.js';
import type { Board, EscalationUpdate, EscalationView } from './api/api.types.js';
import type { HuddleActionsChangedMessage } from './queues.js';

/** Answer to a subscription, through the Socket.IO acknowledgement. */
export type SubscribeAck<T> = { data: T } | { error: string };

export interface WardSubscribeRequest {
  wardId: string;
}

export interface HeartbeatPayload {
  /** Server time, UTC ISO. The client watches the gap between heartbeats on its monotonic clock (CS-3). */
  serverTime: string;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  /** Full board for a subscribed ward; `version` increases by one per change (RT). */
  'ward:board': (board: Board) => void;
  /** A subscribed ward's own safety row after its new score; the screen keeps the higher `safety.version`. */
  'ward:safety': (update: WardSafetyUpdate) => void;
  /** The whole heat map after any ward's new score; `version` increases (RT). */
  heatmap: (heatmap: Heatmap) => void;
  heartbeat: (payload: HeartbeatPayload) => void;
  /**
   * A subscribed ward's huddle actions were recorded or closed: read them again (GET
   * /api/wards/:wardId/huddle/actions). The ward id only, never an action's words.
   */
  'ward:huddle-actions': (payload: HuddleActionsChangedMessage) => void;
  /** An escalation raised, acknowledged or resolved: to its ward's room and the escalations room. */
  escalation: (update: EscalationUpdate) => void;
  /** The credential this socket connected with stopped working; the server disconnects right after. */
  'access:ended': (payload: { reason: AccessEndedReason }) => void;
  /**
   * The server is stopping on purpose (a deploy, a restart) and closes this connection right after.
   * Screens say "restarting" instead of "connection lost" while they reconnect, for `backWithinMs`;
   * after that, a screen still without its server says it has lost the connection.
   */
  'server:restarting': (payload: { backWithinMs: number }) => void;
}

/** `escalations:subscribe`: without a ward, every open escalation (manager screens); with one, that ward's (its wall screen). */
export interface EscalationsSubscribeRequest {
  wardId?: string;
}

/** Events the client sends. */
export interface ClientToServerEvents {
  /** Join a ward's room; the ack carries the full current board at once. */
  'ward:subscribe': (request: WardSubscribeRequest, ack: (result: SubscribeAck<Board>) => void) => void;
  'ward:unsubscribe': (request: WardSubscribeRequest) => void;
  /** Join the heat-map room; the ack carries the whole current heat map. */
  'heatmap:subscribe': (request: Record<string, never>, ack: (result: SubscribeAck<Heatmap>) => void) => void;
  /** Join the escalations room (or one ward's escalations); the ack carries the open escalations, newest first. */
  'escalations:subscribe': (
    request: EscalationsSubscribeRequest,
    ack: (result: SubscribeAck<EscalationView[]>) => void,
  ) => void;
}

/**
 * Every event a client may send, at run time: the server's access policy must name each one (a test
 * holds the gateway to this list), so an event nobody thought about is refused rather than served.
 */
export const CLIENT_EVENT_NAMES = [
  'ward:subscribe',
  'ward:unsubscribe',
  'heatmap:subscribe',
  'escalations:subscribe',
] as const satisfies ReadonlyArray<keyof ClientToServerEvents>;

/** Heartbeat period; the client declares the connection lost after missing two and a half of them. */
export const HEARTBEAT_INTERVAL_MS = 30_000;
export const CONNECTION_LOST_AFTER_MS = 75_000;
/** How long screens wait for a restarting server before calling the connection lost. */
export const SERVER_RESTART_GRACE_MS = 60_000;

/** Socket.IO room of those watching one ward's escalations: bed managers (a room per ward in scope) and a wall screen's header. */
export function wardEscalationsRoom(wardId: string): string {
  return `escalations:${wardId}`;
}

/** Socket.IO room name for one ward. */
export function wardRoom(wardId: string): string {
  return `ward:${wardId}`;
}
