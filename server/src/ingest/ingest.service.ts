/**
 * One poll of one ward, start to finish: fetch everything, build a complete snapshot or none (CS-4),
 * hold it if the census fell sharply until a second poll confirms (CS-5), otherwise store it
 * (compare-and-set on time), and announce the change. A failure keeps the previous snapshot,
 * marks it stale with a reason a nurse can read, and is announced too, so the screen says so at once.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  QUEUES,
  carryStatusSince,
  decideCensusDrop,
  patientsOnBoard,
  type Ward,
  type WardScoreJob,
  type WardSnapshot,
} from '@wardflow/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BOARD_EVENTS, CLOCK, type Clock } from '../core/tokens.js';
import { FhirRequestError } from '../fhir/fhir-error.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { BoardRepository } from '../store/board.repository.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { WardFetchService } from './ward-fetch.service.js';

export type PollOutcome =
  | { ok: true; version: number | null; requestCount: number; held: boolean }
  | { ok: false; reason: string; retryable: boolean };

@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly fetcher: WardFetchService,
    private readonly boards: BoardRepository,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly scheduler: PollSchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.wardScore) private readonly scoreQueue: Queue<WardScoreJob>,
  ) {}

  /** `fullRead` insists on a complete read rather than changes only (the census-drop confirmation). */
  async pollWard(ward: Ward, opts: { fullRead?: boolean } = {}): Promise<PollOutcome> {
    let snapshot: WardSnapshot;
    // The trust's ward names, for "from Ward 3A" where a transfer's reference carries no display.
    const wardNames = new Map((await this.boards.listWards()).map((w) => [w.id, w.name]));
    try {
      ({ snapshot } = await this.fetcher.fetchSnapshot(ward, { forceFull: opts.fullRead ?? false, wardNames }));
    } catch (error) {
      const reason =
        error instanceof FhirRequestError ? error.screenReason : "Wardflow could not process this ward's FHIR data";
      // The message may name a URL but never carries tokens or patient data (SEC-7).
      this.logger.warn(`Poll of ward ${ward.id} failed: ${(error as Error).message}`);
      const { state, changed } = await this.boards.recordPollFailure(ward.id, reason, new Date(this.clock()));
      if (changed) await this.events.publish({ wardId: ward.id, version: state.version });
      return { ok: false, reason, retryable: error instanceof FhirRequestError ? error.retryable : true };
    }
    // Storage failures are ours, not FHIR's: they propagate so the job fails, is retried and stays visible.
    const current = await this.boards.getBoardState(ward.id);
    const decision = decideCensusDrop(
      current?.snapshot ? patientsOnBoard(current.snapshot) : null,
      patientsOnBoard(snapshot),
      current?.pendingDropOccupied ?? null,
    );
    if (decision.action === 'hold') {
      this.logger.warn(`Ward ${ward.id}: ${decision.reason}`);
      const { state, changed } = await this.boards.recordHeldDrop(
        ward.id,
        decision.heldOccupied,
        decision.reason,
        new Date(this.clock()),
      );
      if (changed) await this.events.publish({ wardId: ward.id, version: state.version });
      await this.scheduler.pollSoon(ward.id, this.config.censusConfirmDelayMs);
      return { ok: true, version: state.version, requestCount: snapshot.requestCount, held: true };
    }
    // FHIR keeps no history of a bed's status: how long a bed has been cleaning is carried from the stored snapshot.
    const stored = await this.boards.acceptSnapshot(carryStatusSince(current?.snapshot ?? null, snapshot));
    if (stored !== null) {
      await this.events.publish({ wardId: ward.id, version: stored.version });
      // The job id names the snapshot: a retried poll cannot queue a second score of it.
      await this.scoreQueue.add(
        'score',
        { wardId: ward.id, asOf: snapshot.asOf },
        { jobId: `score.${ward.id}.${Date.parse(snapshot.asOf)}` },
      );
    }
    return { ok: true, version: stored?.version ?? null, requestCount: snapshot.requestCount, held: false };
  }
}
