import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { makeGrant, makeIdentity } from '../auth/session.builders';
import type { EscalationsState } from './escalation-feed';
import { EscalationsPanel, type EscalationsPanelProps } from './EscalationsPanel';
import { NOW, makeEscalation } from './escalations.builders';

const live = (
  open = [
    makeEscalation(1, {
      kind: 'news2',
      rule: 'news2-high',
      ruleLabel: 'NEWS2 of 7 or more',
      detail: 'Bed 4: NEWS2 8',
      wardName: 'Birch Ward',
    }),
    makeEscalation(8, { acknowledgedBy: 'amy', acknowledgedAt: new Date(NOW - 60_000).toISOString() }),
  ],
): EscalationsState => ({
  status: 'live',
  open,
  error: null,
  serverTime: null,
  ended: null,
});
const bedManager = makeIdentity({ name: 'Amy Bed Manager', grants: [makeGrant('bed-manager', [], ['site-north'])] });

function renderPanel(overrides: Partial<EscalationsPanelProps> = {}) {
  const calls = { acknowledged: [] as number[] };
  const props: EscalationsPanelProps = {
    feed: live(),
    identity: null,
    signIn: <a href="/auth/login?returnTo=%2Fsites">Sign in to acknowledge</a>,
    serverNow: NOW,
    onAcknowledge: (id) => Promise.resolve(calls.acknowledged.push(id)),
    ...overrides,
  };
  render(<EscalationsPanel {...props} />);
  return calls;
}

describe('EscalationsPanel', () => {
  it('should list open escalations with when, age, ward, rule, detail and who acknowledged, in the order given (newest first)', () => {
    renderPanel();
    expect(screen.getByTestId('esc-count').textContent).toBe('2 open, 1 not acknowledged');
    const rows = within(screen.getByRole('table', { name: 'Open escalations' })).getAllByTestId('esc-row');
    expect(rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent))).toEqual([
      ['13:50 GMT', '10 min', 'Birch Ward', '♥ NEWS2 of 7 or more', 'Bed 4: NEWS2 8', 'Not yet'],
      [
        '12:40 GMT',
        '1 h 20 min',
        'Ash Ward',
        '▦ Occupancy above 95%',
        'Occupancy 97% (29 of 30 open beds; above 95%)',
        '✓ amy, 13:59 GMT',
      ],
    ]);
  });

  it('should count the open escalations per rule, most urgent kind first, above the scrolling list', () => {
    renderPanel();
    const summary = screen.getByRole('list', { name: 'Open escalations by rule' });
    expect(
      within(summary)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['♥ NEWS2 of 7 or more: 1', '▦ Occupancy above 95%: 1']);
    expect(screen.getByRole('region', { name: 'Open escalations, newest first' }).getAttribute('tabindex')).toBe('0');
  });

  it('should offer a sign-in link when signed out, and no Acknowledge button', () => {
    renderPanel();
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Sign in to acknowledge' }).getAttribute('href')).toBe(
      '/auth/login?returnTo=%2Fsites',
    );
  });

  it('should show who is signed in and acknowledge an unacknowledged escalation on request, for a bed manager of its site', () => {
    const calls = renderPanel({ identity: bedManager });
    expect(screen.getByText('Amy Bed Manager')).toBeTruthy();
    const buttons = screen.getAllByRole('button', { name: /^Acknowledge/ });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0] as HTMLElement);
    expect(calls.acknowledged).toEqual([1]);
  });

  it('should offer Acknowledge only where the role and scope allow it', () => {
    const open = [
      makeEscalation(1, { wardName: 'Birch Ward', siteId: 'site-south' }),
      makeEscalation(2, { wardName: 'Ash Ward' }),
    ];
    renderPanel({ feed: live(open), identity: bedManager });
    expect(screen.getAllByRole('button', { name: /^Acknowledge/ }).map((b) => b.getAttribute('aria-label'))).toEqual([
      expect.stringContaining('on Ash Ward'),
    ]);
    const birch = screen.getAllByTestId('esc-row')[0] as HTMLElement;
    expect(within(birch).getByText('Not yet')).toBeTruthy();
  });

  it('should show no Acknowledge button to ward staff, who may see escalations but not acknowledge them', () => {
    renderPanel({ identity: makeIdentity({ grants: [makeGrant('ward-staff', ['ward-a'])] }) });
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    expect(screen.getByText('Amy Okafor')).toBeTruthy();
  });

  it('should say in words why an acknowledgement was refused', async () => {
    renderPanel({
      identity: bedManager,
      onAcknowledge: () => Promise.reject(new Error('Your role does not cover this ward or site.')),
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Acknowledge/ })));
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not acknowledge: Your role does not cover this ward or site.',
    );
  });

  it('should say when there are none, and when the connection is lost', () => {
    renderPanel({ feed: { ...live([]), status: 'lost' } });
    expect(screen.getByText('No open escalations.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Connection lost');
  });
});
