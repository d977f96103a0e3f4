/**
 * Which site each ward belongs to, for scope checks on every request and subscription. Wards change
 * only when discovery runs, so the list is held for a minute and reloaded early when an unknown id
 * is asked about (at most every 5 s, so a stream of made-up ids cannot hammer the database).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ScopeWard, Ward } from '@wardflow/shared';
import { CLOCK, type Clock } from '../core/tokens.js';
import { BoardRepository } from '../store/board.repository.js';

const FRESH_MS = 60_000;
const MISS_RELOAD_MS = 5_000;

@Injectable()
export class WardDirectory {
  private wards: Ward[] = [];
  private byId = new Map<string, Ward>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly repository: BoardRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(): Promise<Ward[]> {
    if (this.clock() - this.loadedAt > FRESH_MS) await this.reload();
    return this.wards;
  }

  /** The ward, or null when no such ward exists. */
  async find(wardId: string): Promise<ScopeWard | null> {
    await this.list();
    const known = this.byId.get(wardId);
    if (known !== undefined) return known;
    if (this.clock() - this.loadedAt > MISS_RELOAD_MS) await this.reload();
    return this.byId.get(wardId) ?? null;
  }

  async siteExists(siteId: string): Promise<boolean> {
    return (await this.list()).some((w) => w.siteId === siteId);
  }

  private reload(): Promise<void> {
    this.loading ??= this.repository
      .listWards()
      .then((wards) => {
        this.wards = wards;
        this.byId = new Map(wards.map((w) => [w.id, w]));
        this.loadedAt = this.clock();
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
