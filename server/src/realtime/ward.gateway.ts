/**
 * Socket.IO gateway: connections, rooms and the heartbeat, nothing else (STYLE 7). A screen joins a
 * ward's room with `ward:subscribe` and gets the full board in the acknowledgement at once (RT), then
 * `ward:board` on every change; every socket gets `heartbeat` every 30 s so a screen can tell a quiet
 * ward from a dead connection (CS-3).
 */
import { type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  ESCALATIONS_ROOM,
  HEARTBEAT_INTERVAL_MS,
  HEATMAP_ROOM,
  wardEscalationsRoom,
  wardRoom,
  type Board,
  type EscalationUpdate,
  type EscalationView,
  type Heatmap,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type WardSafetyUpdate,
} from '@wardflow/shared';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { EscalationService } from '../escalation/escalation.service.js';
import { HeatmapService } from '../scoring/heatmap.service.js';
import { BoardService } from '../wards/board.service.js';

const wardSubscribeSchema = z.object({ wardId: z.string().min(1).max(128) });
const escalationsSubscribeSchema = z.object({ wardId: z.string().min(1).max(128).optional() }).strict();

export type WardServer = Server<ClientToServerEvents, ServerToClientEvents>;
type WardSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

// Small messages only: screens send subscriptions, nothing more (SEC-8).
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: 16_384 })
export class WardGateway implements OnGatewayInit, OnModuleDestroy {
  private heartbeat: NodeJS.Timeout | undefined;

  @WebSocketServer()
  server!: WardServer;

  constructor(
    private readonly boards: BoardService,
    private readonly heatmaps: HeatmapService,
    private readonly escalations: EscalationService,
  ) {}

  afterInit(): void {
    this.heartbeat = setInterval(() => this.server.emit('heartbeat', { serverTime: new Date().toISOString() }), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  @SubscribeMessage('ward:subscribe')
  async subscribe(@ConnectedSocket() socket: WardSocket, @MessageBody() body: unknown): Promise<SubscribeAck<Board>> {
    const parsed = wardSubscribeSchema.safeParse(body);
    if (!parsed.success) return { error: 'ward:subscribe expects { wardId: string }' };
    const board = await this.boards.getBoard(parsed.data.wardId);
    if (board === null) return { error: `Unknown ward ${parsed.data.wardId}` };
    await socket.join(wardRoom(parsed.data.wardId));
    return { data: board };
  }

  @SubscribeMessage('ward:unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: WardSocket, @MessageBody() body: unknown): Promise<void> {
    const parsed = wardSubscribeSchema.safeParse(body);
    if (parsed.success) await socket.leave(wardRoom(parsed.data.wardId));
  }

  @SubscribeMessage('heatmap:subscribe')
  async subscribeHeatmap(@ConnectedSocket() socket: WardSocket): Promise<SubscribeAck<Heatmap>> {
    const heatmap = await this.heatmaps.getHeatmap();
    await socket.join(HEATMAP_ROOM);
    return { data: heatmap };
  }

  /**
   * Manager screens join the escalations room (every ward); a wall screen's header joins its ward's
   * escalations room, which carries no boards. Either way the ack carries the open list at once (RT).
   */
  @SubscribeMessage('escalations:subscribe')
  async subscribeEscalations(@ConnectedSocket() socket: WardSocket, @MessageBody() body: unknown): Promise<SubscribeAck<EscalationView[]>> {
    const parsed = escalationsSubscribeSchema.safeParse(body ?? {});
    if (!parsed.success) return { error: 'escalations:subscribe expects {} or { wardId: string }' };
    const wardId = parsed.data.wardId ?? null;
    if (wardId !== null && (await this.boards.getBoard(wardId)) === null) return { error: `Unknown ward ${wardId}` };
    const open = await this.escalations.list('open', wardId);
    await socket.join(wardId === null ? ESCALATIONS_ROOM : wardEscalationsRoom(wardId));
    return { data: open };
  }

  /** Sends an escalation change to the ward's screens and every manager screen; a socket in several of the rooms gets it once. */
  emitEscalation(update: EscalationUpdate): void {
    const wardId = update.escalation.wardId;
    this.server.to([wardRoom(wardId), wardEscalationsRoom(wardId), ESCALATIONS_ROOM]).emit('escalation', update);
  }

  /** Sends the heat map to every heat-map screen, encoded once for the room. */
  emitHeatmap(heatmap: Heatmap): void {
    this.server.to(HEATMAP_ROOM).emit('heatmap', heatmap);
  }

  hasHeatmapWatchers(): boolean {
    return (this.server.sockets.adapter.rooms.get(HEATMAP_ROOM)?.size ?? 0) > 0;
  }

  /** Sends a board to every screen on the ward; Socket.IO encodes the packet once for the whole room. */
  emitToWard(wardId: string, board: Board): void {
    this.server.to(wardRoom(wardId)).emit('ward:board', board);
  }

  /** Sends a ward's new safety row to every screen on the ward, encoded once for the room. */
  emitWardSafety(update: WardSafetyUpdate): void {
    this.server.to(wardRoom(update.wardId)).emit('ward:safety', update);
  }

  /** Wards with at least one screen on this process. */
  watchedWards(): string[] {
    const prefix = wardRoom('');
    const wards: string[] = [];
    for (const [room, members] of this.server.sockets.adapter.rooms) {
      if (room.startsWith(prefix) && members.size > 0) wards.push(room.slice(prefix.length));
    }
    return wards;
  }

  /** Whether anyone is watching a ward here, so unwatched boards are not loaded at all. */
  hasWatchers(wardId: string): boolean {
    return (this.server.sockets.adapter.rooms.get(wardRoom(wardId))?.size ?? 0) > 0;
  }
}
