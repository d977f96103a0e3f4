/**
 * Liveness and readiness (docs/design.md section 9). Readiness says exactly what is wrong: Redis (and its
 * eviction policy), the database, the poll and maintenance schedulers, the prediction model in use per
 * profile (fitted, or the expert defaults and why), and each ward's last poll.
 */
import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import type { HealthResponse, ReadinessCheck, ReadinessResponse } from '@wardflow/shared';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { Allow, Public } from '../core/access.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, REDIS } from '../core/tokens.js';
import { DigestScheduler } from '../digest/digest.processor.js';
import { DigestService } from '../digest/digest.service.js';
import { LeadsService } from '../digest/leads.service.js';
import { PollSchedulerService } from '../ingest/poll-scheduler.service.js';
import type { DatabaseHandle } from '../store/database.adapter.js';
import { MaintenanceScheduler } from '../scoring/maintenance.processor.js';
import { BoardRepository } from '../store/board.repository.js';
import { ScoreRepository } from '../store/score.repository.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly boards: BoardRepository,
    private readonly scheduler: PollSchedulerService,
    private readonly scores: ScoreRepository,
    // Registered in the worker roles only; the api role neither schedules nor reports them.
    @Optional() private readonly maintenance?: MaintenanceScheduler,
    @Optional() private readonly digests?: DigestService,
    @Optional() private readonly leads?: LeadsService,
    @Optional() private readonly digestScheduler?: DigestScheduler,
  ) {}

  /** Liveness: public, and says nothing but that the process answers. */
  @Public()
  @Get('health')
  health(): HealthResponse {
    return { status: 'ok' };
  }

  /** Readiness with its reasons, for the trust's IT team (admins) and monitoring tokens holding the admin role. */
  @Allow('service.status')
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    const checks: ReadinessCheck[] = [];
    try {
      await this.redis.ping();
      const policy = ((await this.redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[])[1];
      const evicting = policy !== undefined && policy !== 'noeviction';
      checks.push({
        name: 'redis',
        ok: !evicting,
        detail: evicting ? `maxmemory-policy is ${policy}; queued work can be lost: set noeviction` : `reachable (${policy ?? 'policy unknown'})`,
      });
    } catch (error) {
      checks.push({ name: 'redis', ok: false, detail: `unreachable: ${(error as Error).message}` });
    }
    try {
      await this.database.ping();
      checks.push({ name: 'database', ok: true, detail: `${this.database.kind} reachable` });
    } catch (error) {
      checks.push({ name: 'database', ok: false, detail: `unreachable: ${(error as Error).message}` });
    }
    const wards = await this.boards.listWards().catch(() => []);
    if (this.config.role !== 'api') {
      const schedulers = await this.scheduler.schedulerCount().catch(() => -1);
      checks.push({
        name: 'schedulers',
        ok: schedulers >= wards.length && wards.length > 0,
        detail: `${schedulers} poll schedulers for ${wards.length} wards`,
      });
    }
    if (this.maintenance !== undefined) {
      const count = await this.maintenance.schedulerCount().catch(() => -1);
      checks.push({ name: 'maintenance', ok: count >= 2, detail: `${count} of 2 history schedulers (weekly refit, daily compaction)` });
    }
    if (this.digestScheduler !== undefined && this.config.role !== 'api') {
      const count = await this.digestScheduler.schedulerCount().catch(() => -1);
      checks.push({ name: 'digest schedule', ok: count === 1, detail: count === 1 ? `weekly digest at "${this.config.digest.schedule}" Europe/London` : 'weekly digest scheduler missing' });
    }
    if (this.digests !== undefined && this.leads !== undefined) {
      // Informational: a failed email must be seen, but it is no reason to take the dashboard out of service.
      const troubles = [...(await this.leads.problems().catch((e: unknown) => [`leads: ${(e as Error).message}`])), ...(await this.digests.troubles().catch((e: unknown) => [`ledger: ${(e as Error).message}`]))];
      checks.push({ name: 'digest', ok: true, detail: troubles.length === 0 ? 'no failed or unknown weekly emails' : troubles.join('; ') });
    }
    const models = await this.scores.listModels().catch(() => []);
    for (const profile of ['mental-health', 'acute'] as const) {
      if (!wards.some((w) => w.profile === profile)) continue;
      const latest = models.find((m) => m.profile === profile);
      // Informational: the expert defaults are a valid state, but the trust's IT team should see which model speaks.
      checks.push({
        name: `prediction ${profile}`,
        ok: true,
        detail: latest === undefined ? 'expert default weights (no refit has run yet)' : `${latest.summary} (${latest.fittedAt.toISOString()})`,
      });
    }
    const states = await this.boards.listBoardSummaries().catch(() => []);
    const ready = checks.every((c) => c.ok);
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ready ? 'ready' : 'not-ready',
      checks,
      wards: states.map((s) => ({
        wardId: s.wardId,
        lastPollAt: s.lastPollAt?.toISOString() ?? null,
        lastPollOk: s.lastPollOk,
        ...(s.staleReason === null ? {} : { reason: s.staleReason }),
      })),
    };
  }
}
