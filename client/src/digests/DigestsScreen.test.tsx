import type { DigestLedgerEntry, DigestLedgerResponse, Lead } from '@wardflow/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { DigestsScreen, type DigestsScreenProps } from './DigestsScreen';

const leads: Lead[] = [
  {
    id: 'matron-site-1',
    name: 'Matron, Royal Infirmary',
    email: 'matron.site-1@demo-trust.example',
    wardIds: ['a', 'b'],
  },
  { id: 'lead-acute', name: 'Acute inpatient services lead', email: 'lead-acute@demo-trust.example', wardIds: ['a'] },
  { id: 'lead-mh', name: 'Mental health lead', email: 'lead-mh@demo-trust.example', wardIds: ['c'] },
];

const entry = (overrides: Partial<DigestLedgerEntry>): DigestLedgerEntry => ({
  leadId: 'matron-site-1',
  week: '2026-03-30',
  state: 'sent',
  email: 'matron.site-1@demo-trust.example',
  messageId: '<digest.2026-03-30.x@demo-trust.example>',
  reason: null,
  attempts: 1,
  updatedAt: '2026-03-30T06:00:05Z',
  sentAt: '2026-03-30T06:00:05Z',
  unknown: false,
  ...overrides,
});

const ledger: DigestLedgerResponse = {
  serverTime: '2026-03-30T08:00:00Z',
  week: '2026-03-30',
  transport: 'outbox',
  entries: [
    entry({}),
    entry({
      leadId: 'lead-acute',
      state: 'failed',
      reason: '550 Mailbox unavailable',
      attempts: 2,
      messageId: null,
      sentAt: null,
    }),
    entry({ leadId: 'lead-mh', state: 'sending', unknown: true, sentAt: null }),
    entry({ week: '2026-03-23', updatedAt: '2026-03-23T07:00:03Z' }),
  ],
  outbox: [{ file: 'digest.2026-03-30.x@demo-trust.example.eml', bytes: 48_000, writtenAt: '2026-03-30T06:00:05Z' }],
  notes: [],
};

function renderScreen(overrides: Partial<DigestsScreenProps> = {}) {
  return render(
    <MemoryRouter>
      <DigestsScreen leads={leads} ledger={ledger} error={null} onRun={() => undefined} runNote={null} {...overrides} />
    </MemoryRouter>,
  );
}

describe('DigestsScreen', () => {
  it("should list each lead linking to this week's preview, with this week's state in words", () => {
    renderScreen();
    expect(screen.getByRole('link', { name: 'Matron, Royal Infirmary' }).getAttribute('href')).toBe(
      '/digests/preview/matron-site-1',
    );
    const rows = within(screen.getByRole('table', { name: 'Inpatient leads' }))
      .getAllByRole('row')
      .slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['Matron, Royal Infirmary', 'matron.site-1@demo-trust.example', '2 wards', 'Sent'],
      [
        'Acute inpatient services lead',
        'lead-acute@demo-trust.example',
        '1 ward',
        'Failed: 550 Mailbox unavailable (retried automatically)',
      ],
      [
        'Mental health lead',
        'lead-mh@demo-trust.example',
        '1 ward',
        expect.stringMatching(/^Unknown: .*check the outbox or SMTP log/),
      ],
    ]);
  });

  it('should put failed and unknown emails at the top, with reasons', () => {
    renderScreen();
    const alert = screen.getByTestId('digests-troubles');
    expect(alert.textContent).toContain('2 emails need attention');
    expect(alert.textContent).toContain('lead-acute, week of 2026-03-30: Failed: 550 Mailbox unavailable');
    expect(alert.textContent).toContain('lead-mh, week of 2026-03-30: Unknown');
  });

  it('should show the whole ledger with Message-IDs, London times and the outbox files', () => {
    renderScreen();
    const rows = within(screen.getByRole('table', { name: 'Digest ledger' })).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(rows[1]!.textContent).toContain('<digest.2026-03-30.x@demo-trust.example>');
    expect(rows[1]!.textContent).toContain('Mon 30 Mar 07:00 BST');
    expect(rows[4]!.textContent).toContain('Mon 23 Mar 07:00 GMT');
    expect(
      within(screen.getByRole('table', { name: 'Outbox' })).getByText('digest.2026-03-30.x@demo-trust.example.eml'),
    ).toBeTruthy();
    expect(screen.getByTestId('digests-as-of').textContent).toContain('No SMTP server is configured');
  });

  it('should send on request and disable the button while a request is on its way', () => {
    const calls: string[] = [];
    const onRun = () => calls.push('run');
    const { rerender } = renderScreen({ onRun });
    fireEvent.click(screen.getByRole('button', { name: 'Send this week’s digests now' }));
    expect(calls).toEqual(['run']);
    rerender(
      <MemoryRouter>
        <DigestsScreen
          leads={leads}
          ledger={ledger}
          error={null}
          onRun={null}
          runNote="Sending the digests for the week of 2026-03-30"
        />
      </MemoryRouter>,
    );
    expect((screen.getByRole('button', { name: 'Send this week’s digests now' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByRole('status').textContent).toContain('week of 2026-03-30');
  });

  it('should say when no leads are configured', () => {
    renderScreen({
      leads: [],
      ledger: {
        ...ledger,
        entries: [],
        outbox: [],
        transport: 'smtp',
        notes: ['No inpatient leads configured (WARDS_CONFIG "leads"): no weekly digest is sent'],
      },
    });
    expect(screen.getByText('No inpatient leads are configured.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('No inpatient leads configured');
    expect(screen.queryByRole('table', { name: 'Outbox' })).toBeNull();
  });

  it('should keep what it had on screen under a load error', () => {
    renderScreen({ error: 'the server answered 503' });
    expect(screen.getByText(/the server answered 503/).closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByRole('table', { name: 'Inpatient leads' })).toBeTruthy();
  });

  it('should not offer sending to someone whose role or reach does not allow it', () => {
    renderScreen({ mayRun: false });
    expect(screen.queryByRole('button', { name: /Send this week/ })).toBeNull();
    expect(screen.getByRole('table', { name: 'Inpatient leads' })).toBeTruthy();
  });
});
