/**
 * Readiness, asked of each feature: a provider marked @ReportsReadiness() says how its part of the
 * service stands (its schedulers, its model, its emails), and the health feature gathers them all
 * without importing any feature. A check that is not ok makes the process not ready (503).
 */
import { SetMetadata } from '@nestjs/common';
import type { ReadinessCheck } from '@wardflow/shared';

export const READINESS_SOURCE = 'wardflow:readiness-source';

export interface ReadinessSource {
  /** The feature's checks; `wardCount` is how many wards the service knows, for checks that scale with them. */
  readiness(wardCount: number): Promise<ReadinessCheck[]>;
}

export const ReportsReadiness = (): ClassDecorator => SetMetadata(READINESS_SOURCE, true);
