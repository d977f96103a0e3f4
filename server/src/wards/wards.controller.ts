/**
 * Ward REST API (DESIGN section 9): the ward list, one ward's board, and "poll now".
 */
import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import type { Board, PollRequestAccepted, WardSummary } from '@wardflow/shared';
import { z } from 'zod';
import { PollSchedulerService } from '../ingest/poll-scheduler.service.js';
import { BoardRepository } from '../store/board.repository.js';
import { BoardService } from './board.service.js';

const pollRequestSchema = z.object({ wardId: z.string().min(1).max(128).optional() }).strict();

@Controller()
export class WardsController {
  constructor(
    private readonly boards: BoardService,
    private readonly repository: BoardRepository,
    private readonly scheduler: PollSchedulerService,
  ) {}

  @Get('wards')
  listWards(): Promise<WardSummary[]> {
    return this.boards.listSummaries();
  }

  @Get('wards/:wardId/board')
  async getBoard(@Param('wardId') wardId: string): Promise<Board> {
    const board = await this.boards.getBoard(wardId);
    if (board === null) throw new NotFoundException(`Unknown ward ${wardId}`);
    return board;
  }

  @Post('polls')
  @HttpCode(202)
  async pollNow(@Body() body: unknown): Promise<PollRequestAccepted> {
    const parsed = pollRequestSchema.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException('Expected { "wardId"?: string }');
    const wards = await this.repository.listWards();
    const wanted = parsed.data.wardId;
    if (wanted !== undefined && !wards.some((w) => w.id === wanted)) throw new NotFoundException(`Unknown ward ${wanted}`);
    return { queued: await this.scheduler.pollNow(wanted === undefined ? wards.map((w) => w.id) : [wanted]) };
  }
}
