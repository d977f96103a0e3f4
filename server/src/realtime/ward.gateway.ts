/**
 * Socket.IO gateway: connections, who they are, rooms and the heartbeat, nothing else (docs/style.md rule 7).
 *
 * Who: the handshake must carry a credential (SEC-4): a session or screen cookie, or an API token in
 * `auth.token` or the Authorization header; without one the connection is refused before any event.
 * (The Origin allow-list is checked earlier still, by the Socket.IO adapter.) Every event then passes
 * the same AccessGuard as REST, with the ward in its message checked against the caller's scope, and
 * refusals come back in the acknowledgement.
 *
 * What: a screen joins a ward's room with `ward:subscribe` and gets the full board in the ack at
 * once (RT), then `ward:board` on every change. Heat-map screens join a room per distinct scope, so
 * each gets exactly its wards' rows and each distinct view is encoded once per broadcast. Escalation
 * watchers join one room per ward in their scope. Every socket gets `heartbeat` every 30 s so a screen
 * can tell a quiet ward from a dead connection (CS-3).
 */
import { createHash } from 'node:crypto';
import { Inject, Optional, UseFilters, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  HEARTBEAT_INTERVAL_MS,
  grantsAllow,
  heatmapLimitedTo,
  wardEscalationsRoom,
  wardRoom,
  wardsAllowed,
  type AccessEndedReason,
  type Board,
  type ClientToServerEvents,
  type EscalationUpdate,
  type EscalationView,
  type Heatmap,
  type Identity,
  type ServerToClientEvents,
  type SubscribeAck,
  type WardSafetyUpdate,
} from '@wardflow/shared';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { Allow, CurrentIdentity } from '../core/access.decorators.js';
import { CredentialsService } from '../auth/credentials.service.js';
import type { Caller, CredentialRef } from '../core/identity.js';
import { SocketAckExceptionFilter } from '../auth/socket-ack.filter.js';
import { WardDirectory } from '../auth/ward-directory.service.js';
import { EscalationService } from '../escalation/escalation.service.js';
import { idSchema, ZodPipe } from '../http/zod.pipe.js';
import { HeatmapService } from '../scoring/heatmap.service.js';
import { BoardService } from '../wards/board.service.js';
import { METRICS } from '../core/tokens.js';
import type { SocketKind, WardflowMetrics } from '../metrics/wardflow-metrics.js';

const wardSubscribeSchema = z.object({ wardId: idSchema }).strict();
const escalationsSubscribeSchema = z.object({ wardId: idSchema.optional() }).strict();
type WardSubscribe = z.infer<typeof wardSubscribeSchema>;
type EscalationsSubscribe = z.infer<typeof escalationsSubscribeSchema>;

export type WardServer = Server<ClientToServerEvents, ServerToClientEvents>;
/** What a socket carries after its handshake. */
export interface SocketData {
  caller: Caller;
}
type WardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const HEATMAP_ROOM_PREFIX = 'heatmap:';

// Small messages only: screens send subscriptions, nothing more (SEC-8). Origin and CORS: see SecureIoAdapter.
// The global AccessGuard (APP_GUARD) guards these handlers as it guards routes; the filter answers refusals in the ack.
@WebSocketGateway({ path: '/socket.io', serveClient: false })
@UseFilters(SocketAckExceptionFilter)
export class WardGateway implements OnGatewayInit, OnModuleDestroy {
  private heartbeat: NodeJS.Timeout | undefined;
  /** Heat-map room -> the ward ids its sockets may see (null: the whole trust). */
  private readonly heatmapScopes = new Map<string, ReadonlySet<string> | null>();

  @WebSocketServer()
  server!: WardServer;

  constructor(
    private readonly boards: BoardService,
    private readonly heatmaps: HeatmapService,
    private readonly escalations: EscalationService,
    private readonly credentials: CredentialsService,
    private readonly wards: WardDirectory,
    @Optional() @Inject(METRICS) private readonly metrics: WardflowMetrics | null = null,
  ) {}

  afterInit(server: WardServer): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.credentials
        .resolve({
          cookie: socket.request.headers.cookie,
          authorization: typeof token === 'string' ? `Bearer ${token}` : socket.request.headers.authorization,
          address: socket.handshake.address,
          activity: 'socket',
        })
        .then(({ caller }) => {
          if (caller.identity === null) {
            next(Object.assign(new Error('unauthorised'), { data: { reason: caller.ended ?? 'no-credential' } }));
            return;
          }
          (socket.data as SocketData).caller = caller;
          next();
        })
        .catch(() => next(new Error("the server could not check this connection's credential")));
    });
    this.heartbeat = setInterval(
      () => this.server.emit('heartbeat', { serverTime: new Date().toISOString() }),
      HEARTBEAT_INTERVAL_MS,
    );
    this.heartbeat.unref();
    this.metrics?.readFrom({ sockets: () => this.connectionsByKind() });
  }

  /**
   * The process is stopping on purpose: every screen hears it before its connection closes, and says
   * "restarting" instead of "connection lost" while it reconnects (to this server or another).
   */
  announceRestart(backWithinMs: number): void {
    this.server.emit('server:restarting', { backWithinMs });
  }

  /** Open connections by who holds them, for GET /metrics. */
  private connectionsByKind(): Record<SocketKind, number> {
    const counts: Record<SocketKind, number> = { user: 0, device: 0, token: 0 };
    for (const socket of this.server.sockets.sockets.values()) {
      const kind = (socket.data as Partial<SocketData>).caller?.identity?.kind;
      if (kind !== undefined) counts[kind]++;
    }
    return counts;
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  @Allow('ward.board', { ward: 'wardId', from: 'body' })
  @SubscribeMessage('ward:subscribe')
  async subscribe(
    @ConnectedSocket() socket: WardSocket,
    @MessageBody(new ZodPipe(wardSubscribeSchema, 'ward:subscribe expects { wardId: string }')) body: WardSubscribe,
  ): Promise<SubscribeAck<Board>> {
    // Into the room first, then the board: a change announced while the board is being read is then
    // pushed to this socket too. Joined after the read, a screen whose read returned the version before
    // missed that push and stayed on it until the next change (measured: 2 in 1,000 subscriptions racing
    // a change). A push may now arrive before the answer; screens keep the newest version either way.
    const room = wardRoom(body.wardId);
    // A socket already in the room (a subscription answered before, or one racing this one after the
    // screen's retry) stays in it whatever this read does: leaving would silence a live screen.
    const joinedHere = !socket.rooms.has(room);
    await socket.join(room);
    let board: Board | null = null;
    try {
      board = await this.boards.getBoard(body.wardId);
    } finally {
      // An unknown ward, or a read that failed: out of the room again, if this call put it there.
      if (board === null && joinedHere) await socket.leave(room);
    }
    if (board === null) return { error: `Unknown ward ${body.wardId}` };
    return { data: board };
  }

  @Allow('ward.board')
  @SubscribeMessage('ward:unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: WardSocket,
    @MessageBody(new ZodPipe(wardSubscribeSchema, 'ward:unsubscribe expects { wardId: string }')) body: WardSubscribe,
  ): Promise<void> {
    await socket.leave(wardRoom(body.wardId));
  }

  @Allow('heatmap.view')
  @SubscribeMessage('heatmap:subscribe')
  async subscribeHeatmap(
    @ConnectedSocket() socket: WardSocket,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubscribeAck<Heatmap>> {
    // The whole trust only for a grant over the whole trust: a ward discovered later joins that view, not a narrower one.
    const scope = grantsAllow(identity.grants, 'heatmap.view', 'trust')
      ? null
      : new Set(wardsAllowed(identity.grants, 'heatmap.view', await this.wards.list()).map((w) => w.id));
    const room = `${HEATMAP_ROOM_PREFIX}${
      scope === null
        ? '*'
        : createHash('sha256')
            .update([...scope].sort().join('\n'))
            .digest('base64url')
            .slice(0, 16)
    }`;
    this.heatmapScopes.set(room, scope);
    const heatmap = await this.heatmaps.getHeatmap();
    await socket.join(room);
    return { data: scope === null ? heatmap : heatmapLimitedTo(heatmap, (row) => scope.has(row.wardId)) };
  }

  /**
   * Without a ward: every open escalation in the caller's scope (bed managers); with one, that ward's (a
   * wall screen's header). Either way the ack carries the open list at once (RT).
   */
  @Allow('escalations.view', { ward: 'wardId', from: 'body', optional: true })
  @SubscribeMessage('escalations:subscribe')
  async subscribeEscalations(
    @ConnectedSocket() socket: WardSocket,
    @CurrentIdentity() identity: Identity,
    @MessageBody(new ZodPipe(escalationsSubscribeSchema, 'escalations:subscribe expects {} or { wardId: string }'))
    body: EscalationsSubscribe,
  ): Promise<SubscribeAck<EscalationView[]>> {
    const wardIds =
      body.wardId === undefined
        ? wardsAllowed(identity.grants, 'escalations.view', await this.wards.list()).map((w) => w.id)
        : [body.wardId];
    const open = (await this.escalations.list('open', body.wardId ?? null)).filter((e) => wardIds.includes(e.wardId));
    await socket.join(wardIds.map(wardEscalationsRoom));
    return { data: open };
  }

  /** Sends an escalation change to the ward's screens and every escalation watcher of the ward; a socket in both gets it once. */
  emitEscalation(update: EscalationUpdate): void {
    const wardId = update.escalation.wardId;
    this.server.to([wardRoom(wardId), wardEscalationsRoom(wardId)]).emit('escalation', update);
  }

  /** Sends the heat map to every heat-map room, each with the rows of its scope, encoded once per room. */
  emitHeatmap(heatmap: Heatmap): void {
    for (const [room, scope] of this.heatmapScopes) {
      if ((this.server.sockets.adapter.rooms.get(room)?.size ?? 0) === 0) continue;
      this.server
        .to(room)
        .emit('heatmap', scope === null ? heatmap : heatmapLimitedTo(heatmap, (row) => scope.has(row.wardId)));
    }
  }

  hasHeatmapWatchers(): boolean {
    for (const room of this.heatmapScopes.keys())
      if ((this.server.sockets.adapter.rooms.get(room)?.size ?? 0) > 0) return true;
    return false;
  }

  /** Sends a board to every screen on the ward; Socket.IO encodes the packet once for the whole room. */
  emitToWard(wardId: string, board: Board): void {
    this.server.to(wardRoom(wardId)).emit('ward:board', board);
  }

  /** Tells every screen on the ward that its huddle actions changed (the ward id only). */
  emitHuddleActions(wardId: string): void {
    this.server.to(wardRoom(wardId)).emit('ward:huddle-actions', { wardId });
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

  /** This process's sockets and the credential each connected with. */
  connectedCredentials(): Array<{ socketId: string; ref: CredentialRef; expiresAt: number | null }> {
    const out: Array<{ socketId: string; ref: CredentialRef; expiresAt: number | null }> = [];
    for (const socket of this.server.sockets.sockets.values()) {
      const identity = (socket.data as Partial<SocketData>).caller?.identity;
      if (identity == null) continue;
      out.push({
        socketId: socket.id,
        ref: { kind: identity.kind, id: identity.id },
        expiresAt: identity.expiresAt === undefined ? null : Date.parse(identity.expiresAt),
      });
    }
    return out;
  }

  /** Tells each socket why, then closes it (the client shows the reason; a screen "has been removed"). */
  endAccess(socketIds: readonly string[], reason: AccessEndedReason): number {
    let closed = 0;
    for (const id of socketIds) {
      const socket = this.server.sockets.sockets.get(id);
      if (socket === undefined) continue;
      socket.emit('access:ended', { reason });
      socket.disconnect(true);
      closed += 1;
    }
    return closed;
  }
}
