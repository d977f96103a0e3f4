import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { AuditVerification } from '@wardflow/shared';
import { MemoryRouter, Route, Routes } from 'react-router';
import { installFakeApi, type FakeApi } from '../testing/fake-api';
import { makeAuditEntry } from './admin.builders';
import { AuditPage } from './AuditPage';

const whole: AuditVerification = {
  ok: true,
  rowsChecked: 3,
  firstSeq: 1,
  lastSeq: 3,
  lastHash: 'f00d',
  retentionRemovedThrough: null,
  checkedAt: '2026-01-14T14:00:00Z',
};

function renderPage(url = '/admin/audit?wardId=ward-ash') {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/admin/audit" element={<AuditPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('AuditPage', () => {
  let api: FakeApi;
  afterEach(() => api.restore());

  beforeEach(() => {
    api = installFakeApi({
      'GET /api/audit': (request) => ({
        body: {
          entries: request.url.includes('before=')
            ? [makeAuditEntry(1, { action: 'auth.sign-in', patientId: null })]
            : [
                makeAuditEntry(3),
                makeAuditEntry(2, {
                  outcome: 'denied',
                  actorName: null,
                  actorKind: 'anonymous',
                  actorId: null,
                  role: null,
                }),
              ],
          nextBefore: request.url.includes('before=') ? null : 2,
          serverTime: '2026-01-14T14:00:00Z',
        },
      }),
    });
  });

  it('should list entries with London time, actor, role, action and outcome in words, for the filters in the address', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Audit entries, newest first' });
    expect(api.requests[0]?.url).toBe('/api/audit?wardId=ward-ash&limit=100');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(Array.from(rows[0]?.querySelectorAll('td') ?? [], (td) => td.textContent)).toEqual([
      'Wed 14 Jan 2026 13:05:09 GMT',
      'Amy Okaforperson, amy@trust.example',
      'Ward staff',
      'Viewed a patient',
      'Done',
      'ward-ash',
      'pat-123',
      '10.1.2.3',
      'bedId: bed-4',
    ]);
    expect(rows[1]?.textContent).toContain('not signed in');
    expect(rows[1]?.textContent).toContain('Refused');
    expect(screen.getByRole('link', { name: 'Download these entries as CSV' }).getAttribute('href')).toBe(
      '/api/audit?wardId=ward-ash&format=csv',
    );
  });

  it('should page to older entries and back', async () => {
    renderPage();
    await screen.findByRole('table', { name: 'Audit entries, newest first' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Older entries' })));
    expect(
      await within(screen.getByRole('table', { name: 'Audit entries, newest first' })).findByText('Signed in'),
    ).toBeTruthy();
    expect(api.requests.at(-1)?.url).toBe('/api/audit?wardId=ward-ash&before=2&limit=100');
    expect(screen.queryByRole('button', { name: 'Older entries' })).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Back to the newest entries' })));
    expect(
      await within(screen.getByRole('table', { name: 'Audit entries, newest first' })).findAllByText(
        'Viewed a patient',
      ),
    ).toHaveLength(2);
  });

  it('should say in words that the chain is whole, and what to compare', async () => {
    api.on('GET /api/audit/verify', { body: whole });
    renderPage();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Verify the chain' })));
    const verdict = await screen.findByTestId('audit-verdict');
    expect(verdict.getAttribute('role')).toBe('status');
    expect(verdict.textContent).toContain(
      'The chain is whole: all 3 entries (numbers 1 to 3) are as they were written.',
    );
    expect(verdict.textContent).toContain('f00d');
  });

  it('should raise the alarm in words when the chain is broken', async () => {
    api.on('GET /api/audit/verify', {
      body: { ...whole, ok: false, problem: { seq: 2, reason: 'entry 2 does not follow entry 1' } },
    });
    renderPage();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Verify the chain' })));
    const verdict = await screen.findByTestId('audit-verdict');
    expect(verdict.getAttribute('role')).toBe('alert');
    expect(verdict.textContent).toContain('the chain breaks at entry number 2: entry 2 does not follow entry 1');
  });

  it('should apply filters typed in London time, and refuse an impossible range in words', async () => {
    renderPage('/admin/audit');
    await screen.findByRole('table', { name: 'Audit entries, newest first' });
    fireEvent.change(screen.getByLabelText('From (London time)'), { target: { value: '2026-07-01T09:00' } });
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'patient.view' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Show entries' })));
    expect(api.requests.at(-1)?.url).toBe('/api/audit?from=2026-07-01T08%3A00%3A00.000Z&action=patient.view&limit=100');
    fireEvent.change(screen.getByLabelText('To (London time)'), { target: { value: '2026-06-01T09:00' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Show entries' })));
    expect(screen.getByRole('alert').textContent).toBe('From must be before To.');
  });
});
