/**
 * `ward:subscribe` puts the socket in its ward's room before it reads the board, so a change announced
 * while the board is being read is pushed to it too (otherwise a screen whose read came back with the
 * version before the change stayed on it until the next change); and a subscription that gets no
 * board leaves the room again.
 */
import { wardRoom, type Board } from '@wardflow/shared';
import type { CredentialsService } from '../auth/credentials.service.js';
import type { WardDirectory } from '../auth/ward-directory.service.js';
import type { EscalationService } from '../escalation/escalation.service.js';
import type { HeatmapService } from '../scoring/heatmap.service.js';
import type { BoardService } from '../wards/board.service.js';
import { WardGateway } from './ward.gateway.js';

function rig() {
  const steps: string[] = [];
  let answer: { resolve(board: Board | null): void; reject(error: Error): void } | undefined;
  const boards = {
    getBoard: (wardId: string) => {
      steps.push(`read ${wardId}`);
      return new Promise<Board | null>((resolve, reject) => (answer = { resolve, reject }));
    },
  };
  const rooms = new Set<string>();
  const socket = {
    rooms,
    join: (room: string) => {
      steps.push(`join ${room}`);
      rooms.add(room);
    },
    leave: (room: string) => {
      steps.push(`leave ${room}`);
      rooms.delete(room);
    },
  };
  const gateway = new WardGateway(
    boards as unknown as BoardService,
    {} as HeatmapService,
    {} as EscalationService,
    {} as CredentialsService,
    {} as WardDirectory,
  );
  const subscribe = () => gateway.subscribe(socket as never, { wardId: 'ward-a' });
  const settle = () => new Promise((r) => setImmediate(r));
  return { steps, rooms, subscribe, settle, answer: () => answer as NonNullable<typeof answer> };
}

describe('WardGateway ward:subscribe', () => {
  it('should join the ward room before reading the board, and stay in it', async () => {
    const { steps, subscribe, settle, answer } = rig();
    const ack = subscribe();
    await settle();
    expect(steps).toEqual([`join ${wardRoom('ward-a')}`, 'read ward-a']);
    const board = { version: 7 } as Board;
    answer().resolve(board);
    expect(await ack).toEqual({ data: board });
    expect(steps).toEqual([`join ${wardRoom('ward-a')}`, 'read ward-a']);
  });

  it('should leave the room again for an unknown ward or a failed read', async () => {
    const unknown = rig();
    const refused = unknown.subscribe();
    await unknown.settle();
    unknown.answer().resolve(null);
    expect(await refused).toEqual({ error: 'Unknown ward ward-a' });
    expect(unknown.steps.at(-1)).toBe(`leave ${wardRoom('ward-a')}`);

    const failing = rig();
    const failed = failing.subscribe();
    await failing.settle();
    failing.answer().reject(new Error('database away'));
    await expect(failed).rejects.toThrow('database away');
    expect(failing.steps.at(-1)).toBe(`leave ${wardRoom('ward-a')}`);
  });

  it('should keep a screen already subscribed in the room when a repeated subscription fails', async () => {
    const { steps, rooms, subscribe, settle, answer } = rig();
    const first = subscribe();
    await settle();
    answer().resolve({ version: 7 } as Board);
    await first;
    // The screen's retry after a slow answer, and this time the read fails.
    const again = subscribe();
    await settle();
    answer().reject(new Error('database away'));
    await expect(again).rejects.toThrow('database away');
    expect(steps.filter((s) => s.startsWith('leave'))).toEqual([]);
    expect(rooms.has(wardRoom('ward-a'))).toBe(true);
  });
});

describe('WardGateway ward:huddle-actions', () => {
  it('should nudge only the ward’s own room, with the ward id and nothing else', () => {
    const gateway = new WardGateway(
      {} as BoardService,
      {} as HeatmapService,
      {} as EscalationService,
      {} as CredentialsService,
      {} as WardDirectory,
    );
    const sent: unknown[] = [];
    (gateway as unknown as { server: unknown }).server = {
      to: (room: string) => ({ emit: (event: string, payload: unknown) => sent.push([room, event, payload]) }),
    };
    gateway.emitHuddleActions('ward-a');
    expect(sent).toEqual([[wardRoom('ward-a'), 'ward:huddle-actions', { wardId: 'ward-a' }]]);
  });
});
