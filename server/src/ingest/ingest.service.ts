/**
 * One poll of one ward, start to finish: fetch everything, build a complete snapshot or none (CS-4),
 * store it (compare-and-set on time), and announce the change. A failure keeps the previous snapshot,
 * marks it stale with a reason a nurse can read, and is announced too, so the screen says so at once.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Ward, WardSnapshot } from '@wardflow/shared';
import { BOARD_EVENTS, CLOCK, type Clock } from '../core/tokens.js';
import { FhirRequestError } from '../fhir/fhir-error.js';
import type { BoardEvents } from '../realtime/board-events.adapter.js';
import { BoardRepository } from '../store/board.repository.js';
import { WardFetchService } from './ward-fetch.service.js';

export type PollOutcome =
  | { ok: true; version: number | null; requestCount: number }
  | { ok: false; reason: string; retryable: boolean };

@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly fetcher: WardFetchService,
    private readonly boards: BoardRepository,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async pollWard(ward: Ward): Promise<PollOutcome> {
    let snapshot: WardSnapshot;
    try {
      snapshot = await this.fetcher.fetchSnapshot(ward);
    } catch (error) {
      const reason = error instanceof FhirRequestError ? error.screenReason : "Wardflow could not process this ward's FHIR data";
      // The message may name a URL but never carries tokens or patient data (SEC-7).
      this.logger.warn(`Poll of ward ${ward.id} failed: ${(error as Error).message}`);
      const { state, changed } = await this.boards.recordPollFailure(ward.id, reason, new Date(this.clock()));
      if (changed) await this.events.publish({ wardId: ward.id, version: state.version });
      return { ok: false, reason, retryable: error instanceof FhirRequestError ? error.retryable : true };
    }
    // Storage failures are ours, not FHIR's: they propagate so the job fails, is retried and stays visible.
    const stored = await this.boards.acceptSnapshot(snapshot);
    if (stored !== null) await this.events.publish({ wardId: ward.id, version: stored.version });
    return { ok: true, version: stored?.version ?? null, requestCount: snapshot.requestCount };
  }
}
