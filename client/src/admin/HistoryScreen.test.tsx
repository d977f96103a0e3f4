import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { BackfillRun, BackfillStatusResponse } from '@wardflow/shared';
import { MemoryRouter } from 'react-router';
import { makeBackfillRun, makeBackfillWard, WARDS } from './admin.builders';
import type { BackfillStartOutcome } from './BackfillStartForm';
import { HistoryScreen, type HistoryScreenProps } from './HistoryScreen';

const READ_AT = Date.parse('2026-01-14T14:05:12Z');

/** Ash done, Birch 30 days in, Cedar waiting: 210 of 540 ward-days. */
const running = makeBackfillRun({
  wards: [
    makeBackfillWard({
      status: 'done',
      doneThrough: '2026-01-13',
      written: 150,
      unchanged: 10,
      kept: 20,
      requests: 42,
    }),
    makeBackfillWard({ wardId: 'ward-birch', status: 'running', doneThrough: '2025-08-16', written: 30, requests: 7 }),
    makeBackfillWard({ wardId: 'ward-cedar' }),
  ],
});

function renderScreen(props: Partial<HistoryScreenProps> = {}) {
  const started: number[] = [];
  const onStart = (days: number): Promise<BackfillStartOutcome> => {
    started.push(days);
    return Promise.resolve({ started: makeBackfillRun({ id: 4, days, from: '2025-01-14', to: '2026-01-13' }) });
  };
  render(
    <MemoryRouter>
      <HistoryScreen
        status={{ firstStartDays: 180, latest: null }}
        error={null}
        readAt={READ_AT}
        wards={WARDS}
        onStart={onStart}
        {...props}
      />
    </MemoryRouter>,
  );
  return started;
}

const status = (latest: BackfillRun | null, firstStartDays = 180): BackfillStatusResponse => ({
  firstStartDays,
  latest,
});
const wardRow = (name: string) =>
  within(screen.getByRole('table', { name: 'Progress by ward' })).getByRole('row', { name: new RegExp(name) });
const cells = (row: HTMLElement) => Array.from(row.querySelectorAll('th, td'), (c) => c.textContent);

describe('HistoryScreen', () => {
  it('should say what the backfill does and does not do, what first start does, and that none has run', () => {
    renderScreen();
    const about = screen.getByRole('main').textContent;
    expect(about).toContain('from what the FHIR server holds (stays, incidents and staffing');
    expect(about).toContain('30 days at a time');
    expect(about).toContain('as it was on the day');
    expect(about).toContain('are not backfilled');
    expect(about).toContain('left as they are (“kept”)');
    expect(about).toContain('On first start this server backfills the past 180 days (HISTORY_BACKFILL_DAYS).');
    expect(screen.getByText('No backfill has run yet.')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect((screen.getByLabelText('Days before today (1 to 730)') as HTMLInputElement).value).toBe('180');
  });

  it('should say when first start does not backfill, and offer 180 days', () => {
    renderScreen({ status: status(null, 0) });
    expect(screen.getByRole('main').textContent).toContain(
      'This server does not backfill on first start (HISTORY_BACKFILL_DAYS is 0).',
    );
    expect((screen.getByLabelText('Days before today (1 to 730)') as HTMLInputElement).value).toBe('180');
  });

  it('should offer the first-start days when they are set', () => {
    renderScreen({ status: status(null, 365) });
    expect((screen.getByLabelText('Days before today (1 to 730)') as HTMLInputElement).value).toBe('365');
  });

  it('should show a running run: who asked, its dates, progress in numbers and a bar, ward by ward, and when it was read', () => {
    renderScreen({ status: status(running) });
    const latest = screen.getByRole('region', { name: 'Latest run (run 3)' });
    expect(latest.textContent).toContain('StatusRunning');
    expect(latest.textContent).toContain('180 days: 18 Jul 2025 to 13 Jan 2026');
    expect(latest.textContent).toContain('by Sam Admin, Wed 14 Jan 13:50 GMT');
    expect(latest.textContent).toContain('Finishednot yet');
    expect(latest.textContent).toContain('1 of 3 wards done; 210 of 540 ward-days worked out');
    expect(latest.textContent).toContain('Progress as of 14:05:12 GMT');
    const bar = screen.getByRole('progressbar', { name: 'Ward-days worked out' });
    expect(bar.getAttribute('value')).toBe('210');
    expect(bar.getAttribute('max')).toBe('540');
    expect(bar.getAttribute('aria-valuetext')).toContain('(38%)');
    expect(cells(wardRow('Ash Ward'))).toEqual([
      'Ash Ward',
      'Done',
      '13 Jan 2026',
      '180 of 180',
      '150',
      '10',
      '20',
      '42',
      '—',
    ]);
    expect(cells(wardRow('Birch Ward'))).toEqual([
      'Birch Ward',
      'Running',
      '16 Aug 2025',
      '30 of 180',
      '30',
      '0',
      '0',
      '7',
      '—',
    ]);
    expect(cells(wardRow('Cedar Ward'))).toEqual(['Cedar Ward', 'Waiting', '—', '0 of 180', '0', '0', '0', '0', '—']);
  });

  it('should name a ward it has no name for by its id', () => {
    renderScreen({ status: status(running), wards: [] });
    expect(wardRow('ward-birch')).toBeTruthy();
  });

  it('should not offer a second run while one is running, and say why', () => {
    const started = renderScreen({ status: status(running) });
    const button = screen.getByRole('button', { name: 'Backfill history' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute('aria-describedby')).not.toBeNull();
    expect(
      screen.getByText(/A backfill is running now \(run 3\): another can start once it has finished\./),
    ).toBeTruthy();
    fireEvent.submit(button.closest('form') as HTMLFormElement);
    expect(screen.queryByRole('group')).toBeNull();
    expect(started).toEqual([]);
  });

  it('should show a finished run as done, with when it finished and no claim to be live', () => {
    renderScreen({
      status: status(
        makeBackfillRun({
          status: 'done',
          finishedAt: '2026-01-14T15:10:00Z',
          wards: running.wards.map((w) => ({ ...w, status: 'done' as const, doneThrough: '2026-01-13' })),
        }),
      ),
    });
    const latest = screen.getByRole('region', { name: 'Latest run (run 3)' });
    expect(latest.textContent).toContain('StatusDone');
    expect(latest.textContent).toContain('FinishedWed 14 Jan 15:10 GMT');
    expect(latest.textContent).toContain('3 of 3 wards done; 540 of 540 ward-days worked out');
    expect(latest.textContent).not.toContain('Progress as of');
    expect((screen.getByRole('button', { name: 'Backfill history' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('should show a run that finished with failures, the wards that failed and why, and that asking again carries on', () => {
    renderScreen({
      status: status(
        makeBackfillRun({
          status: 'failed',
          finishedAt: '2026-01-14T15:10:00Z',
          error: '1 of 3 wards did not finish',
          wards: [
            makeBackfillWard({ status: 'done', doneThrough: '2026-01-13' }),
            makeBackfillWard({
              wardId: 'ward-birch',
              status: 'failed',
              doneThrough: '2025-08-16',
              error: 'FHIR could not be read: timed out after 10 s',
            }),
            makeBackfillWard({ wardId: 'ward-cedar', status: 'done', doneThrough: '2026-01-13' }),
          ],
        }),
      ),
    });
    const latest = screen.getByRole('region', { name: 'Latest run (run 3)' });
    expect(latest.textContent).toContain('StatusFinished with failures');
    expect(latest.textContent).toContain('Error1 of 3 wards did not finish');
    expect(latest.textContent).toContain('2 of 3 wards done, 1 failed; 390 of 540 ward-days worked out');
    expect(latest.textContent).toContain('Start a backfill again to carry on: what was written is kept.');
    expect(cells(wardRow('Birch Ward'))).toEqual([
      'Birch Ward',
      'Failed',
      '16 Aug 2025',
      '30 of 180',
      '0',
      '0',
      '0',
      '0',
      'FHIR could not be read: timed out after 10 s',
    ]);
  });

  it('should keep the last progress on screen when a refresh fails, marked as not current', () => {
    renderScreen({ status: status(running), error: 'Wardflow could not be reached: check the network connection.' });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not refresh the backfill progress:');
    expect(alert.textContent).toContain('Wardflow could not be reached');
    expect(alert.textContent).toContain('read at 14:05:12 GMT and may not be current');
    const latest = screen.getByRole('region', { name: 'Latest run (run 3)' });
    expect(latest.textContent).toContain('Progress as of 14:05:12 GMT (not current: the last refresh failed).');
    expect(screen.getByRole('progressbar', { name: 'Ward-days worked out' }).getAttribute('value')).toBe('210');
  });

  it('should say so when the status could not be loaded at all', () => {
    renderScreen({ status: null, readAt: null, error: 'Your role does not include this.' });
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not load the backfill status: Your role does not include this.',
    );
    expect(screen.queryByRole('button', { name: 'Backfill history' })).toBeNull();
  });

  it.each(['0', '731', '2.5', ''])('should refuse %j days in words and send nothing', (days) => {
    const started = renderScreen();
    fireEvent.change(screen.getByLabelText('Days before today (1 to 730)'), { target: { value: days } });
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    expect(screen.getByRole('alert').textContent).toBe('Days must be a whole number from 1 to 730.');
    expect(screen.queryByRole('group')).toBeNull();
    expect(started).toEqual([]);
  });

  it('should ask before starting, naming the days, and start with them only on yes', async () => {
    const started = renderScreen();
    fireEvent.change(screen.getByLabelText('Days before today (1 to 730)'), { target: { value: '365' } });
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    const question = screen.getByRole('group');
    expect(question.getAttribute('aria-label')).toContain('Backfill the past 365 days for every live ward?');
    fireEvent.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(started).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Yes, backfill history' })));
    expect(started).toEqual([365]);
    expect(screen.getByRole('status').textContent).toBe('Run 4 started: 365 days, 14 Jan 2025 to 13 Jan 2026.');
  });

  it('should say which run is in the way when one is already running', async () => {
    renderScreen({ onStart: () => Promise.resolve({ running: makeBackfillRun({ id: 7 }) }) });
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Yes, backfill history' })));
    expect(screen.getByRole('alert').textContent).toBe('A backfill is already running (run 7).');
  });

  it('should say why a run was not started', async () => {
    renderScreen({ onStart: () => Promise.reject(new Error('Your role does not include this.')) });
    fireEvent.click(screen.getByRole('button', { name: 'Backfill history' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Yes, backfill history' })));
    expect(screen.getByRole('alert').textContent).toBe(
      'The backfill was not started: Your role does not include this.',
    );
  });
});
