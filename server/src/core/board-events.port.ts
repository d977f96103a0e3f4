/**
 * The fan-out port: features announce that a board, the heat map, an escalation or someone's access
 * changed, and every API process hears it and updates its own screens. Features depend on this
 * interface only, never on realtime/ (which listens) or on the Redis pub/sub adapter (which carries it).
 * Only ids and versions cross it, never patient data (SEC-7).
 */
import type {
  AccessEndedMessage,
  BoardChangedMessage,
  EscalationChangedMessage,
  HeatmapChangedMessage,
  HuddleActionsChangedMessage,
} from '@wardflow/shared';

export interface BoardEvents {
  /** A ward's board has a new version. */
  publish(message: BoardChangedMessage): Promise<void>;
  subscribe(listener: (message: BoardChangedMessage) => void): Promise<void>;
  /** The heat map has a new version (a ward was scored). */
  publishHeatmap(message: HeatmapChangedMessage): Promise<void>;
  subscribeHeatmap(listener: (message: HeatmapChangedMessage) => void): Promise<void>;
  /** An escalation was raised, acknowledged or cleared. */
  publishEscalation(message: EscalationChangedMessage): Promise<void>;
  subscribeEscalations(listener: (message: EscalationChangedMessage) => void): Promise<void>;
  /** A ward's huddle actions were recorded or closed. */
  publishHuddleActions(message: HuddleActionsChangedMessage): Promise<void>;
  subscribeHuddleActions(listener: (message: HuddleActionsChangedMessage) => void): Promise<void>;
  /** A credential stopped working (sign-out, revocation): its sockets are closed everywhere. */
  publishAccessEnded(message: AccessEndedMessage): Promise<void>;
  subscribeAccessEnded(listener: (message: AccessEndedMessage) => void): Promise<void>;
  /**
   * Called each time the subscription comes back after its connection was lost: announcements sent
   * meanwhile never arrive, so whatever a listener keeps from them must be read again.
   */
  onResubscribed?(listener: () => void): void;
  close(): Promise<void>;
}
