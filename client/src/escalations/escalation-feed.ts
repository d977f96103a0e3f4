/**
 * The open escalations a screen shows, kept live: the list from `escalations:subscribe` on every
 * (re)connect (full state, RT), then each `escalation` push applied to it. For one ward (a wall
 * screen's header) or for every ward (the manager view). Pure apart from its small transport. When
 * the server ends the connection's access or refuses its handshake, the list is dropped and the
 * reason kept.
 */
import type { AccessEndReason } from '../auth/access-words';
import type { LiveTransport } from '../live/socket-feed';
import {
  applyEscalationUpdate,
  newestFirst,
  type EscalationUpdate,
  type EscalationView,
  type EscalationsSubscribeRequest,
  type SubscribeAck,
} from '@wardflow/shared';

export interface EscalationTransport extends LiveTransport {
  onEscalation(listener: (update: EscalationUpdate) => void): void;
  subscribe(request: EscalationsSubscribeRequest): Promise<SubscribeAck<EscalationView[]>>;
}

export interface EscalationsState {
  /** 'waiting' before the first list, 'live' while connected, 'lost' when the connection dropped (the list may be out of date). */
  status: 'waiting' | 'live' | 'lost';
  open: EscalationView[];
  error: string | null;
  /** Server time of the latest heartbeat (UTC ISO), for ages. */
  serverTime: string | null;
  /** Why the server ended this connection's access; the list is empty once it is set. */
  ended: AccessEndReason | null;
}

export const initialEscalationsState: EscalationsState = {
  status: 'waiting',
  open: [],
  error: null,
  serverTime: null,
  ended: null,
};

export class EscalationFeed {
  private state: EscalationsState = initialEscalationsState;
  private listener: (state: EscalationsState) => void = () => undefined;
  /** Pushes that arrive while a subscription is in flight, applied on top of its list. */
  private pending: EscalationUpdate[] | null = null;

  constructor(
    private readonly transport: EscalationTransport,
    private readonly wardId: string | null,
  ) {}

  start(listener: (state: EscalationsState) => void): void {
    this.listener = listener;
    this.transport.onConnect(() => void this.resubscribe());
    this.transport.onDisconnect(() => this.set({ status: this.state.status === 'waiting' ? 'waiting' : 'lost' }));
    this.transport.onHeartbeat(({ serverTime }) => this.set({ serverTime }));
    this.transport.onAccessEnded((ended) => {
      this.pending = null;
      this.set({ ended, open: [], status: 'lost' });
    });
    this.transport.onEscalation((update) => {
      if (this.state.ended !== null) return;
      if (this.wardId !== null && update.escalation.wardId !== this.wardId) return;
      if (this.pending !== null) this.pending.push(update);
      else this.set({ open: applyEscalationUpdate(this.state.open, update) });
    });
  }

  stop(): void {
    this.transport.close();
  }

  private async resubscribe(): Promise<void> {
    this.pending = [];
    try {
      const ack = await this.transport.subscribe(this.wardId === null ? {} : { wardId: this.wardId });
      if (this.state.ended !== null) return;
      if ('error' in ack) {
        this.set({ error: ack.error });
        return;
      }
      const open = (this.pending ?? []).reduce(applyEscalationUpdate, newestFirst(ack.data));
      this.set({ status: 'live', open, error: null });
    } catch (error) {
      if (this.state.ended !== null) return;
      this.set({ error: `No answer from the server (${(error as Error).message})` });
    } finally {
      this.pending = null;
    }
  }

  private set(change: Partial<EscalationsState>): void {
    this.state = { ...this.state, ...change };
    this.listener(this.state);
  }
}
