/** A ward-feed transport the test drives by hand, recording what the feed asks of it (docs/style.md rule 11). */
import type { Board, HeartbeatPayload, SubscribeAck, WardSafetyUpdate, WardSubscribeRequest } from '@wardflow/shared';
import type { AccessEndReason } from '../auth/access-words';
import { makeBoard } from '../testing/builders';
import type { FeedTransport } from './ward-feed';

export class FakeWardTransport implements FeedTransport {
  readonly subscriptions: WardSubscribeRequest[] = [];
  answer: () => Promise<SubscribeAck<Board>> = () => Promise.resolve({ data: makeBoard() });
  connect: () => void = () => undefined;
  disconnect: () => void = () => undefined;
  heartbeat: (payload: HeartbeatPayload) => void = () => undefined;
  board: (board: Board) => void = () => undefined;
  safety: (update: WardSafetyUpdate) => void = () => undefined;
  endAccess: (reason: AccessEndReason) => void = () => undefined;
  /** The feed has wired its listeners (a screen using this transport is up). */
  started = false;
  closed = false;

  onConnect(listener: () => void): void {
    this.connect = listener;
    this.started = true;
  }
  onDisconnect(listener: () => void): void {
    this.disconnect = listener;
  }
  onHeartbeat(listener: (payload: HeartbeatPayload) => void): void {
    this.heartbeat = listener;
  }
  onBoard(listener: (board: Board) => void): void {
    this.board = listener;
  }
  onSafety(listener: (update: WardSafetyUpdate) => void): void {
    this.safety = listener;
  }
  onAccessEnded(listener: (reason: AccessEndReason) => void): void {
    this.endAccess = listener;
  }
  subscribe(request: WardSubscribeRequest): Promise<SubscribeAck<Board>> {
    this.subscriptions.push(request);
    return this.answer();
  }
  close(): void {
    this.closed = true;
  }
}
