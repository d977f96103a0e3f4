/**
 * Starts the built Wardflow server as a real child process, the way an operator would, with its own
 * data folder and queue prefix so tests never share state. Resolves once it prints its URL.
 *
 * Without FHIR_BASE_URL in the env it is the demo's set-up: a FHIR simulator of its own (the trust's
 * server, which keeps running while Wardflow restarts on the same data folder) and the simulated trust's
 * 180 days of history. The demo backfills those from FHIR on first start; here they go in through the
 * history import (a trust's own spreadsheets' path), which takes a second where the backfill takes about
 * twenty, and most tests start a server of their own. history-backfill.e2e.test.ts covers the backfill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  formatHistory,
  generateWardHistory,
  historyWardsOf,
  SIMULATED_HISTORY_DAYS,
  startSimulator,
  type RunningSimulator,
} from '@wardflow/fhir-simulator';
import { addCalendarDays, londonDate, type HistoryImportReport } from '@wardflow/shared';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(REPO_ROOT, 'server/dist/main.js');

export interface WardflowProcess {
  url: string;
  fhirBaseUrl: string;
  /** DEMO_API_TOKEN: every role over the whole trust. */
  token: string;
  /** DEMO_PASSWORD: the embedded provider's demo users' password. */
  password: string;
  /** fetch on this server with the API token (and no cookie, so no Origin is needed). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** GET `path` with the API token and parse the JSON answer; throws on a non-2xx status. */
  json<T>(path: string): Promise<T>;
  output(): string;
  /** Stops the process; its data folder is removed unless `keepData` (to start again on it). */
  stop(options?: { keepData?: boolean }): Promise<void>;
  child: ChildProcess;
}

export interface ExitedProcess {
  code: number | null;
  output: string;
}

export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wardflow-e2e-'));
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    WARDFLOW_DATA_DIR: dataDir,
    WARDFLOW_QUEUE_PREFIX: `wf-e2e-${randomUUID().slice(0, 8)}`,
    PORT: '0',
    // The demo's rules: the embedded identity provider, and an API token with every role for the tests' own calls.
    WARDFLOW_DEMO: 'true',
    DEMO_API_TOKEN: `e2e-${randomBytes(24).toString('base64url')}`,
    DEMO_PASSWORD: `pw-${randomBytes(9).toString('base64url')}`,
    // Kept with the env, so a restart on the same data keeps sessions and enrolled screens (as the demo does).
    SESSION_SECRET: `e2e-${randomBytes(32).toString('base64url')}`,
    // No backfill on first start unless a test asks: the history comes through the import (see above).
    HISTORY_BACKFILL_DAYS: '0',
    ...extra,
  };
}

/** Simulators started for a data folder: a restart on the same folder reads the same trust. */
const simulators = new Map<string, RunningSimulator>();

/** The simulated trust's history, through the same import a trust would use (POST /api/history/import). */
async function importSimulatedHistory(
  api: WardflowProcess['api'],
  simulator: RunningSimulator,
): Promise<HistoryImportReport> {
  const rows = generateWardHistory({
    seed: 1,
    wards: historyWardsOf(simulator.wards()),
    days: SIMULATED_HISTORY_DAYS,
    endDate: addCalendarDays(londonDate(Date.now()), -1),
  });
  const response = await api('/api/history/import', {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: formatHistory(rows, 'ndjson'),
  });
  const report = (await response.json()) as HistoryImportReport;
  if (response.status !== 200)
    throw new Error(`History import answered ${response.status}: ${JSON.stringify(report).slice(0, 2_000)}`);
  return report;
}

export interface StartOptions {
  timeoutMs?: number;
  /**
   * Load the simulated trust's history before resolving (default true, as the demo does). A test that
   * must catch the first polls' events as they happen says false: the import takes a few seconds, and
   * the first polls are scored meanwhile.
   */
  history?: boolean;
}

export async function startWardflowProcess(
  givenEnv: Record<string, string>,
  { timeoutMs = 60_000, history = true }: StartOptions = {},
): Promise<WardflowProcess> {
  let simulator: RunningSimulator | null = null;
  let restarted = false;
  let env = givenEnv;
  if (givenEnv.FHIR_BASE_URL === undefined) {
    const dataDir = givenEnv.WARDFLOW_DATA_DIR ?? '';
    // A restart on the same data folder reads the same trust, whose history is already in that folder.
    restarted = simulators.has(dataDir);
    simulator = simulators.get(dataDir) ?? (await startSimulator({ seed: 1 }));
    simulators.set(dataDir, simulator);
    env = { ...givenEnv, FHIR_BASE_URL: simulator.baseUrl };
  }
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const started = await new Promise<{ url: string; fhir: string }>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /Wardflow is running: (\S+)\s+\(role \w+, FHIR (\S+)\)/.exec(output);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        clearTimeout(timer);
        resolvePromise({ url: match[1], fhir: match[2] });
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code} before starting:\n${output}`));
    });
  });
  const token = env.DEMO_API_TOKEN ?? '';
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${started.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
  if (history && !restarted && simulator !== null && env.WARDFLOW_ROLE !== 'worker') {
    await importSimulatedHistory(api, simulator);
  }
  const closeSimulator = async () => {
    if (simulator === null) return;
    simulators.delete(env.WARDFLOW_DATA_DIR ?? '');
    await simulator.close();
  };
  return {
    url: started.url,
    fhirBaseUrl: started.fhir,
    token,
    password: env.DEMO_PASSWORD ?? '',
    api,
    json: async <T>(path: string): Promise<T> => {
      const response = await api(path);
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    child,
    output: () => output,
    stop: async ({ keepData = false } = {}) => {
      if (!keepData) await closeSimulator();
      // Still running (not exited, nor killed by a test): asked to stop, then made to.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!keepData) rmSync(env.WARDFLOW_DATA_DIR ?? '/nonexistent', { recursive: true, force: true });
    },
  };
}

/**
 * Runs the server expecting it to refuse to start; returns its exit code and output. Without
 * FHIR_BASE_URL it is given an address nothing answers on, so the start fails for the reason under test.
 */
export async function runToExit(givenEnv: Record<string, string>, timeoutMs = 60_000): Promise<ExitedProcess> {
  const env = { FHIR_BASE_URL: 'http://127.0.0.1:9/fhir/R4', ...givenEnv };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Process still running after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}
