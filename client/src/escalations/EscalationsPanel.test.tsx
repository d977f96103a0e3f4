import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { SessionResponse } from '@wardflow/shared';
import type { EscalationsState } from './escalation-feed';
import { EscalationsPanel, type EscalationsPanelProps } from './EscalationsPanel';
import { NOW, makeEscalation } from './escalations.builders';

const live = (open = [makeEscalation(1, { kind: 'news2', rule: 'news2-high', ruleLabel: 'NEWS2 of 7 or more', detail: 'Bed 4: NEWS2 8', wardName: 'Birch Ward' }), makeEscalation(8, { acknowledgedBy: 'amy', acknowledgedAt: new Date(NOW - 60_000).toISOString() })]): EscalationsState => ({
  status: 'live',
  open,
  error: null,
  serverTime: null,
});
const signedIn: SessionResponse = { signedIn: true, username: 'amy', name: 'Amy Bed Manager', role: 'manager' };

function renderPanel(overrides: Partial<EscalationsPanelProps> = {}) {
  const calls = { acknowledged: [] as number[], signIns: [] as Array<[string, string]> };
  const props: EscalationsPanelProps = {
    feed: live(),
    session: { signedIn: false },
    serverNow: NOW,
    onAcknowledge: (id) => Promise.resolve(calls.acknowledged.push(id)),
    onSignIn: (username, password) => Promise.resolve(void calls.signIns.push([username, password])),
    onSignOut: () => Promise.resolve(),
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
      ['12:40 GMT', '1 h 20 min', 'Ash Ward', '▦ Occupancy above 95%', 'Occupancy 97% (29 of 30 open beds; above 95%)', '✓ amy, 13:59 GMT'],
    ]);
  });

  it('should count the open escalations per rule, most urgent kind first, above the scrolling list', () => {
    renderPanel();
    const summary = screen.getByRole('list', { name: 'Open escalations by rule' });
    expect(within(summary).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['♥ NEWS2 of 7 or more: 1', '▦ Occupancy above 95%: 1']);
    expect(screen.getByRole('region', { name: 'Open escalations, newest first' }).getAttribute('tabindex')).toBe('0');
  });

  it('should offer the sign-in form when signed out, and no Acknowledge button', async () => {
    const calls = renderPanel();
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    const form = screen.getByRole('form', { name: 'Sign in to acknowledge' });
    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'amy' } });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'secret words' } });
    await act(async () => {
      fireEvent.submit(form);
    });
    expect(calls.signIns).toEqual([['amy', 'secret words']]);
  });

  it('should show who is signed in and acknowledge an unacknowledged escalation on request', () => {
    const calls = renderPanel({ session: signedIn });
    expect(screen.getByText('Amy Bed Manager')).toBeTruthy();
    const buttons = screen.getAllByRole('button', { name: /^Acknowledge/ });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0] as HTMLElement);
    expect(calls.acknowledged).toEqual([1]);
  });

  it('should say when there are none, and when the connection is lost', () => {
    renderPanel({ feed: { ...live([]), status: 'lost' } });
    expect(screen.getByText('No open escalations.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Connection lost');
  });
});
