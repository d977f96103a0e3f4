import { jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { BackfillRun, BackfillStatusResponse } from '@wardflow/shared';
import { MemoryRouter } from 'react-router';
import { BACKGROUND_HEADER } from '../auth/api';
import { installFakeApi, type FakeAnswer, type FakeApi } from '../testing/fake-api';
import { makeBackfillRun, makeBackfillWard, WARDS } from './admin.builders';
import { HistoryPage } from './HistoryPage';

/** Birch `days` days in, the others waiting. */
const runningWith = (days: number): BackfillRun =>
  makeBackfillRun({
    wards: [
      makeBackfillWard(),
      makeBackfillWard({
        wardId: 'ward-birch',
        status: 'running',
        doneThrough: new Date(Date.parse('2025-07-18T00:00:00Z') + (days - 1) * 86_400_000).toISOString().slice(0, 10),
      }),
      makeBackfillWard({ wardId: 'ward-cedar' }),
    ],
  });

const done = makeBackfillRun({
  status: 'done',
  finishedAt: '2026-01-14T14:06:00Z',
  wards: WARDS.map((w) => makeBackfillWard({ wardId: w.id, status: 'done', doneThrough: '2026-01-13' })),
});

const answer = (latest: BackfillRun | null): FakeAnswer => ({
  body: { firstStartDays: 180, latest } satisfies BackfillStatusResponse,
});

/** Lets answers arrive and timers run, `ms` of fake time. */
const pass = (ms = 0) =>
  act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });

describe('HistoryPage', () => {
  let api: FakeApi;
  /** What GET /api/history/backfill answers now. */
  let status: FakeAnswer;
  const statusReads = () => api.requests.filter((r) => r.method === 'GET' && r.url === '/api/history/backfill');

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-01-14T14:05:12Z') });
    status = answer(null);
    api = installFakeApi({
      'GET /api/history/backfill': () => status,
      'GET /api/wards': { body: WARDS },
    });
  });

  afterEach(() => {
    api.restore();
    jest.useRealTimers();
  });

  function renderPage() {
    render(
      <MemoryRouter>
        <HistoryPage />
      </MemoryRouter>,
    );
  }

  it('should read the progress again every 5 s in the background while a run is running, and stop once it has ended', async () => {
    status = answer(runningWith(30));
    renderPage();
    await pass();
    expect(screen.getByRole('main').textContent).toContain('0 of 3 wards done; 30 of 540 ward-days worked out');
    expect(screen.getByRole('main').textContent).toContain('Progress as of 14:05:12 GMT');
    expect(screen.getByRole('row', { name: /Birch Ward/ }).textContent).toContain('30 of 180');

    status = answer(runningWith(60));
    await pass(5_000);
    expect(screen.getByRole('main').textContent).toContain('60 of 540 ward-days worked out');
    expect(screen.getByRole('main').textContent).toContain('Progress as of 14:05:17 GMT');
    expect(statusReads().at(-1)?.headers[BACKGROUND_HEADER]).toBe('1');

    status = answer(done);
    await pass(5_000);
    expect(screen.getByRole('main').textContent).toContain('StatusDone');
    const reads = statusReads().length;
    await pass(30_000);
    expect(statusReads()).toHaveLength(reads);
  });

  it('should not read again by itself when no run is running', async () => {
    renderPage();
    await pass();
    expect(screen.getByText('No backfill has run yet.')).toBeTruthy();
    await pass(30_000);
    expect(statusReads()).toHaveLength(1);
  });

  it('should keep the last progress, marked not current, when a refresh fails, and carry on trying', async () => {
    status = answer(runningWith(30));
    renderPage();
    await pass();
    status = { status: 503, body: { statusCode: 503, message: 'The database could not be reached' } };
    await pass(5_000);
    expect(screen.getByRole('alert').textContent).toContain(
      'Could not refresh the backfill progress: The database could not be reached',
    );
    expect(screen.getByRole('main').textContent).toContain('Progress as of 14:05:12 GMT (not current');
    expect(screen.getByRole('main').textContent).toContain('30 of 540 ward-days worked out');

    status = answer(runningWith(60));
    await pass(5_000);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('main').textContent).toContain('Progress as of 14:05:22 GMT;');
  });

  it('should start a run with the days asked for, then show it running', async () => {
    api.on('POST /api/history/backfill', (request) => {
      status = answer(runningWith(0));
      return { status: 202, body: makeBackfillRun({ days: (request.body as { days: number }).days }) };
    });
    renderPage();
    await pass();
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, backfill history' }));
    await pass();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ days: 180 });
    expect(screen.getByRole('status').textContent).toBe('Run 3 started: 180 days, 18 Jul 2025 to 13 Jan 2026.');
    expect(screen.getByRole('main').textContent).toContain('StatusRunning');
    expect((screen.getByRole('button', { name: 'Backfill history' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('should say which run is already running when the server refuses a second', async () => {
    api.on('POST /api/history/backfill', () => {
      status = answer(makeBackfillRun({ id: 7 }));
      return { status: 409, body: makeBackfillRun({ id: 7 }) };
    });
    renderPage();
    await pass();
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, backfill history' }));
    await pass();
    expect(screen.getByRole('alert').textContent).toBe('A backfill is already running (run 7).');
    expect(screen.getByRole('region', { name: 'Latest run (run 7)' })).toBeTruthy();
  });

  it("should pass on the server's reason for a refused number of days", async () => {
    api.on('POST /api/history/backfill', {
      status: 400,
      body: { statusCode: 400, message: 'expected at most 730 days' },
    });
    renderPage();
    await pass();
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, backfill history' }));
    await pass();
    expect(screen.getByRole('alert').textContent).toBe('The backfill was not started: expected at most 730 days');
  });
});
