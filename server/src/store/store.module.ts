/** The PostgreSQL/PGlite repositories, one instance each over the database opened at start-up. */
import { Global, Module, type Provider, type Type } from '@nestjs/common';
import { DATABASE } from '../core/tokens.js';
import { AuditRepository } from './audit.repository.js';
import { BackfillRepository } from './backfill.repository.js';
import { BoardRepository } from './board.repository.js';
import type { Database, DatabaseHandle } from './database.adapter.js';
import { DeviceRepository } from './device.repository.js';
import { DigestRepository } from './digest.repository.js';
import { EscalationRepository } from './escalation.repository.js';
import { FeedRepository } from './feed.repository.js';
import { HuddleActionRepository } from './huddle-action.repository.js';
import { OutcomeRepository } from './outcome.repository.js';
import { ScoreRepository } from './score.repository.js';
import { SessionRepository } from './session.repository.js';
import { SiteRepository } from './site.repository.js';
import { TokenRepository } from './token.repository.js';

const REPOSITORIES: Array<Type & (new (db: Database) => unknown)> = [
  AuditRepository,
  BackfillRepository,
  BoardRepository,
  DeviceRepository,
  DigestRepository,
  EscalationRepository,
  FeedRepository,
  HuddleActionRepository,
  OutcomeRepository,
  ScoreRepository,
  SessionRepository,
  SiteRepository,
  TokenRepository,
];

const providers: Provider[] = REPOSITORIES.map((Repository) => ({
  provide: Repository,
  useFactory: (handle: DatabaseHandle) => new Repository(handle.db),
  inject: [DATABASE],
}));

@Global()
@Module({ providers, exports: REPOSITORIES })
export class StoreModule {}
