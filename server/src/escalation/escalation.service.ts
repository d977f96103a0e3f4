/**
 * Escalations for bed managers: after each score, the ward's conditions (the shared rules, on its
 * stored snapshot and latest score) are reconciled with its open escalations: a new crossing raises
 * one row, one still true refreshes it, one cleared resolves it. Each change is announced over Redis
 * (ids only) so every API process pushes it to its screens, and raised ones are emailed if configured.
 *
 * Evaluation is as of the snapshot's time, not the wall clock, so a retried job sees what the first
 * attempt saw; racing evaluations are made safe by the partial unique index (see the repository).
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  acknowledgeDecision,
  evaluateEscalations,
  reconcileEscalations,
  type EscalationChange,
  type EscalationRule,
  type EscalationView,
} from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BOARD_EVENTS, CLOCK, METRICS, type Clock } from '../core/tokens.js';
import type { WardflowMetrics } from '../metrics/wardflow-metrics.js';
import type { BoardEvents } from '../core/board-events.port.js';
import { BoardRepository } from '../store/board.repository.js';
import { EscalationRepository, type EscalationRow, type EscalationState } from '../store/escalation.repository.js';
import { ScoreRepository } from '../store/score.repository.js';
import { EscalationNotifier } from './escalation-notifier.service.js';

/** How far back "recent" reaches for resolved escalations. */
const RECENT_MS = 24 * 3_600_000;

export type EvaluateOutcome =
  { evaluated: false; why: string } | { evaluated: true; raised: number[]; resolved: number[]; open: number };

export type AcknowledgeOutcome =
  | { ok: true; escalation: EscalationView }
  | { ok: false; status: 'not-found' | 'resolved' | 'already-acknowledged'; message: string };

@Injectable()
export class EscalationService {
  private readonly logger = new Logger(EscalationService.name);
  private readonly rulesById: Map<string, EscalationRule>;

  constructor(
    private readonly boards: BoardRepository,
    private readonly scores: ScoreRepository,
    private readonly escalations: EscalationRepository,
    private readonly notifier: EscalationNotifier,
    @Inject(BOARD_EVENTS) private readonly events: BoardEvents,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(METRICS) private readonly metrics: WardflowMetrics | null = null,
  ) {
    this.rulesById = new Map(config.escalation.rules.map((r) => [r.id, r]));
  }

  async evaluateWard(wardId: string): Promise<EvaluateOutcome> {
    const state = await this.boards.getBoardState(wardId);
    const snapshot = state?.snapshot ?? null;
    if (snapshot === null) return { evaluated: false, why: 'no snapshot yet' };
    const latest = await this.scores.latestScoreOf(wardId);
    const now = Date.parse(snapshot.asOf);
    const at = new Date(now);
    const conditions = evaluateEscalations(
      { snapshot, composite: latest?.score.composite.value ?? null, now },
      this.config.escalation.rules,
    );
    const plan = reconcileEscalations(await this.escalations.openFor(wardId), conditions);
    const raised: number[] = [];
    const resolved: number[] = [];
    for (const condition of plan.raise) {
      const id = await this.escalations.raise(wardId, condition, at);
      if (id !== null) raised.push(id);
    }
    for (const { id, condition } of plan.keep) await this.escalations.keep(id, condition, at);
    for (const id of plan.resolve) if (await this.escalations.resolve(id, at)) resolved.push(id);
    this.metrics?.escalations.inc({ event: 'raised' }, raised.length);
    this.metrics?.escalations.inc({ event: 'resolved' }, resolved.length);
    for (const id of raised) await this.announce(id, 'raised');
    for (const id of resolved) await this.announce(id, 'resolved');
    // Raised now, or raised before while the mail relay was failing: each is emailed once.
    if (this.config.escalation.notify.length > 0)
      await this.notifier.notifyPending(await this.escalations.unnotifiedOpen(wardId), (row) => this.toView(row));
    return { evaluated: true, raised, resolved, open: plan.keep.length + raised.length };
  }

  async acknowledge(id: number, username: string): Promise<AcknowledgeOutcome> {
    const row = await this.escalations.get(id);
    if (row === null) return { ok: false, status: 'not-found', message: `No escalation ${id}` };
    const decision = acknowledgeDecision({
      resolvedAt: row.resolvedAt ?? null,
      acknowledgedBy: row.acknowledgedBy ?? null,
    });
    if (!decision.ok) return decision;
    if (!(await this.escalations.acknowledge(id, username, new Date(this.clock())))) {
      // Resolved or acknowledged between the read and the write: say which.
      const now = await this.escalations.get(id);
      const again = acknowledgeDecision({
        resolvedAt: now?.resolvedAt ?? null,
        acknowledgedBy: now?.acknowledgedBy ?? null,
      });
      return again.ok ? { ok: false, status: 'not-found', message: `No escalation ${id}` } : again;
    }
    await this.announce(id, 'acknowledged');
    const updated = await this.escalations.get(id);
    return updated === null
      ? { ok: false, status: 'not-found', message: `No escalation ${id}` }
      : { ok: true, escalation: this.toView(updated) };
  }

  async list(state: EscalationState, wardId: string | null): Promise<EscalationView[]> {
    const rows = await this.escalations.list({
      state,
      wardId,
      resolvedSince: new Date(this.clock() - RECENT_MS),
      limit: 500,
    });
    return rows.map((r) => this.toView(r));
  }

  async view(id: number): Promise<EscalationView | null> {
    const row = await this.escalations.get(id);
    return row === null ? null : this.toView(row);
  }

  toView(row: EscalationRow): EscalationView {
    const { notifiedAt: _notified, ...rest } = row;
    const rule = this.rulesById.get(row.rule);
    return { ...rest, ruleLabel: rule?.label ?? row.rule, kind: rule?.kind ?? null };
  }

  private async announce(escalationId: number, change: EscalationChange): Promise<void> {
    try {
      await this.events.publishEscalation({ escalationId, change });
    } catch (error) {
      // The row is stored either way; screens catch up from the list on their next (re)subscribe.
      this.logger.warn(`Could not announce escalation ${escalationId} ${change}: ${(error as Error).message}`);
    }
  }
}
