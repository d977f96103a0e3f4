/**
 * The trust's wards kept in step with its FHIR server (docs/design.md section 9): discovery, then
 * ward-lifecycle.ts decides which are live, which retire, which come back and which belong to another
 * server, and the repository applies it. Run by bootstrap at start, and by a worker every
 * FHIR_RECONCILE_INTERVAL (the `discover` job), which then reschedules the polls and tells the
 * screens of every ward whose state changed.
 *
 * Discovery that fails, or finds no ward at all, changes nothing: a FHIR server having a bad hour
 * must not retire a trust's wards.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { reconcileWards, wardSource, type Ward, type WardChanges } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { excludedWards, withDisplayOptions } from '../config/access-config.js';
import { CLOCK, FHIR_READER, type Clock } from '../core/tokens.js';
import type { FhirReader } from '../fhir/fhir-reader.adapter.js';
import { BoardRepository } from '../store/board.repository.js';
import { WardDiscoveryService } from './ward-discovery.service.js';

export interface WardRefresh {
  live: Ward[];
  changes: WardChanges;
}

@Injectable()
export class WardLifecycleService {
  private readonly logger = new Logger(WardLifecycleService.name);

  constructor(
    private readonly boards: BoardRepository,
    @Inject(FHIR_READER) private readonly fhir: FhirReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Discovers, reconciles and stores; throws when discovery fails or finds nothing (nothing is changed then). */
  async refresh(): Promise<WardRefresh> {
    const discovered = (await new WardDiscoveryService(this.fhir).discover()).map((w) =>
      withDisplayOptions(w, this.config.wardDisplay),
    );
    if (discovered.length === 0) throw new Error('no Location with physical type "wa" found');
    const source = wardSource(this.config.fhirSourceId, this.fhir.baseUrl);
    const excluded = excludedWards(this.config.wardDisplay);
    const changes = await this.boards.reconcileWards(
      (known) => reconcileWards(known, discovered, source, excluded),
      source,
      new Date(this.clock()),
    );
    for (const move of changes.moveAside)
      this.logger.warn(`Ward ${move.from} of another FHIR server kept as ${move.to}, retired: ${move.reason}`);
    for (const { id, reason } of changes.retire) this.logger.warn(`Ward ${id} retired: ${reason}`);
    for (const id of changes.resume) this.logger.log(`Ward ${id} is back on the FHIR server: polling again`);
    return { live: changes.live, changes };
  }
}

/** Ward ids whose screens must hear of a change: retired, resumed, or moved aside (both ids). */
export function wardsChangedBy(changes: WardChanges): string[] {
  return [...changes.retire.map((r) => r.id), ...changes.resume, ...changes.moveAside.flatMap((m) => [m.from, m.to])];
}
