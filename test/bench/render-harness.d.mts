// Types for render-harness.mjs, so the TypeScript test that shares it is checked against what it exports.
import type { Board, Heatmap } from '@wardflow/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export declare const REPO_ROOT: string;
export declare const BENCH_HEARTBEAT_MS: number;
export declare const MEMORY_RULE: string;

export interface DomExpectation {
  selector: string;
  /** Exact text content, or null when the element must be absent. */
  text: string | null;
}

export interface PendingUpdate {
  version: number;
  expect: DomExpectation[];
  emit(): void;
}

export interface RenderServer {
  url: string;
  wardId: string;
  currentBoard(): Board;
  currentHeatmap(): Heatmap;
  waitForBoardScreen(): Promise<void>;
  waitForHeatmapScreen(): Promise<void>;
  nextBoard(earlier?: Board): PendingUpdate;
  nextHeatmap(earlier?: Heatmap): PendingUpdate;
  close(): Promise<void>;
}

export interface RenderSample {
  /** Message arrival to the end of the frame showing it, ms. */
  paint: number;
  /** Message arrival to the DOM showing the new values, ms. */
  commit: number;
  /** From the frame's requestAnimationFrame to its end: that frame's style, layout and paint, ms. */
  frameWork: number;
  bytes: number;
}

export interface MemorySample {
  after?: number;
  heapUsed: number;
  nodes: number;
  listeners: number;
  documents: number;
}

export type ViewName = 'board' | 'heatmap';

export interface RunOptions {
  total: number;
  timedFrom: number;
  timed: number;
  memoryAt?: number[];
  keepOpen?: boolean;
  onProgress?: (n: number) => void;
}

export interface ViewRun {
  view: ViewName;
  title: string;
  samples: RenderSample[];
  memory: MemorySample[];
  missingArrivals: number;
  consoleErrors: string[];
  /** The page, when `keepOpen`; the caller closes `context`. */
  page: Page | null;
  context: BrowserContext;
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  max: number;
}

export interface BedOnScreen {
  label: string | null;
  news2: string | null;
}

export interface HeatmapRowOnScreen {
  wardId: string | null;
  occupancy: string | null;
  composite: string | null;
}

export declare function seededRandom(seed: number): {
  next(): number;
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
};
export declare function startRenderServer(options?: {
  boardSeed?: number;
  heatmapSeed?: number;
  /** Changes the first board before any screen sees it. */
  editBoard?: (board: Board) => Board;
}): Promise<RenderServer>;
export declare function launchBrowser(): Promise<Browser>;
export declare function runView(
  browser: Browser,
  server: RenderServer,
  view: ViewName,
  options: RunOptions,
): Promise<ViewRun>;
export declare function memorySample(cdp: unknown): Promise<MemorySample>;
export declare function boardOnScreen(page: Page): Promise<BedOnScreen[]>;
export declare function boardExpected(board: Board): BedOnScreen[];
export declare function heatmapOnScreen(page: Page): Promise<HeatmapRowOnScreen[]>;
export declare function heatmapExpected(heatmap: Heatmap): HeatmapRowOnScreen[];
export declare function percentile(values: number[], p: number): number;
export declare function summarise(samples: RenderSample[], key?: 'paint' | 'commit' | 'frameWork'): Summary;
export declare function memoryVerdict(
  first: MemorySample,
  last: MemorySample,
): { heapGrowth: number; heapFlat: boolean; nodesFlat: boolean; listenersFlat: boolean; flat: boolean };
export declare function formatNumber(value: number): string;
