/**
 * The fan-out port (core/board-events.port.ts) over Redis pub/sub: board-changed and heat-map-changed notifications between processes. A worker that stores a new board
 * publishes `{ wardId, version }`; every API process hears it, loads the board from PostgreSQL and
 * sends it to its own screens. Only ids cross Redis, never patient data (SEC-7), and the same path
 * serves one process (`all`) and many (`api` + `worker`).
 */
import {
  ACCESS_ENDED_CHANNEL,
  BOARD_CHANGED_CHANNEL,
  ESCALATION_CHANGED_CHANNEL,
  HEATMAP_CHANGED_CHANNEL,
  HUDDLE_ACTIONS_CHANGED_CHANNEL,
  type AccessEndedMessage,
  type BoardChangedMessage,
  type EscalationChangedMessage,
  type HeatmapChangedMessage,
  type HuddleActionsChangedMessage,
} from '@wardflow/shared';
import type { Redis } from 'ioredis';
import type { BoardEvents } from '../core/board-events.port.js';

export class RedisBoardEvents implements BoardEvents {
  private readonly channel: string;
  private readonly heatmapChannel: string;
  private readonly heatmapListeners: Array<(message: HeatmapChangedMessage) => void> = [];
  private heatmapSubscribed = false;
  private readonly escalationChannel: string;
  private readonly accessChannel: string;
  private readonly huddleActionsChannel: string;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}:${BOARD_CHANGED_CHANNEL}`;
    this.heatmapChannel = `${prefix}:${HEATMAP_CHANGED_CHANNEL}`;
    this.escalationChannel = `${prefix}:${ESCALATION_CHANGED_CHANNEL}`;
    this.accessChannel = `${prefix}:${ACCESS_ENDED_CHANNEL}`;
    this.huddleActionsChannel = `${prefix}:${HUDDLE_ACTIONS_CHANGED_CHANNEL}`;
  }

  /** ioredis subscribes again by itself on a new connection; its `ready` after the first is that moment. */
  onResubscribed(listener: () => void): void {
    let connectedBefore = this.subscriber.status === 'ready';
    this.subscriber.on('ready', () => {
      if (connectedBefore) listener();
      connectedBefore = true;
    });
  }

  /** Announces that a credential stopped working: its kind, id and why; never the secret. */
  async publishAccessEnded(message: AccessEndedMessage): Promise<void> {
    await this.publisher.publish(this.accessChannel, JSON.stringify(message));
  }

  /** Calls `listener` for every well-formed access-ended announcement. */
  async subscribeAccessEnded(listener: (message: AccessEndedMessage) => void): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.accessChannel) return;
      try {
        const parsed = JSON.parse(text) as Partial<AccessEndedMessage>;
        if (
          (parsed.kind === 'user' || parsed.kind === 'device' || parsed.kind === 'token') &&
          typeof parsed.id === 'string' &&
          typeof parsed.reason === 'string'
        ) {
          listener({ kind: parsed.kind, id: parsed.id, reason: parsed.reason });
        }
      } catch {
        // Not ours or corrupted: nothing to act on (the periodic sweep still catches the credential).
      }
    });
    await this.subscriber.subscribe(this.accessChannel);
  }

  /** Announces an escalation raised, acknowledged or resolved: its id and the change, nothing else. */
  async publishEscalation(message: EscalationChangedMessage): Promise<void> {
    await this.publisher.publish(this.escalationChannel, JSON.stringify(message));
  }

  /** Calls `listener` for every well-formed escalation announcement. */
  async subscribeEscalations(listener: (message: EscalationChangedMessage) => void): Promise<void> {
    const changes: readonly string[] = ['raised', 'acknowledged', 'resolved'];
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.escalationChannel) return;
      try {
        const parsed = JSON.parse(text) as Partial<EscalationChangedMessage>;
        if (
          typeof parsed.escalationId === 'number' &&
          typeof parsed.change === 'string' &&
          changes.includes(parsed.change)
        ) {
          listener({ escalationId: parsed.escalationId, change: parsed.change });
        }
      } catch {
        // Not ours or corrupted: nothing to deliver.
      }
    });
    await this.subscriber.subscribe(this.escalationChannel);
  }

  /** Announces that a ward's huddle actions changed: the ward id, nothing else. */
  async publishHuddleActions(message: HuddleActionsChangedMessage): Promise<void> {
    await this.publisher.publish(this.huddleActionsChannel, JSON.stringify({ wardId: message.wardId }));
  }

  /** Calls `listener` for every well-formed huddle-actions announcement. */
  async subscribeHuddleActions(listener: (message: HuddleActionsChangedMessage) => void): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.huddleActionsChannel) return;
      try {
        const parsed = JSON.parse(text) as Partial<HuddleActionsChangedMessage>;
        if (typeof parsed.wardId === 'string') listener({ wardId: parsed.wardId });
      } catch {
        // Not ours or corrupted: the screens' timed reload still finds the change.
      }
    });
    await this.subscriber.subscribe(this.huddleActionsChannel);
  }

  async publishHeatmap(message: HeatmapChangedMessage): Promise<void> {
    await this.publisher.publish(this.heatmapChannel, JSON.stringify(message));
  }

  /** Calls `listener` for every well-formed heat-map announcement. */
  async subscribeHeatmap(listener: (message: HeatmapChangedMessage) => void): Promise<void> {
    this.heatmapListeners.push(listener);
    if (this.heatmapSubscribed) return;
    this.heatmapSubscribed = true;
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.heatmapChannel) return;
      try {
        const parsed = JSON.parse(text) as Partial<HeatmapChangedMessage>;
        if (typeof parsed.version === 'number') for (const l of this.heatmapListeners) l({ version: parsed.version });
      } catch {
        // Not ours or corrupted: nothing to deliver.
      }
    });
    await this.subscriber.subscribe(this.heatmapChannel);
  }

  async publish(message: BoardChangedMessage): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  /** Calls `listener` for every well-formed message; malformed ones are dropped (they carry nothing to show). */
  async subscribe(listener: (message: BoardChangedMessage) => void): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      try {
        const parsed = JSON.parse(text) as Partial<BoardChangedMessage>;
        if (typeof parsed.wardId === 'string' && typeof parsed.version === 'number') {
          listener({ wardId: parsed.wardId, version: parsed.version });
        }
      } catch {
        // Not ours or corrupted: nothing to deliver.
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
