import { render, screen } from '@testing-library/react';
import { EscalationsProvider } from './EscalationsContext';
import { FakeEscalationTransport, makeEscalation } from './escalations.builders';
import { WardEscalations, WardEscalationsSummary } from './WardEscalations';

describe('WardEscalations on the wall screen header', () => {
  it('should give the count and the most urgent in words with an icon', () => {
    render(
      <WardEscalationsSummary
        feed={{
          status: 'live',
          error: null,
          serverTime: null,
          ended: null,
          open: [
            makeEscalation(1),
            makeEscalation(2, { kind: 'news2', ruleLabel: 'NEWS2 of 7 or more', detail: 'Bed 4: NEWS2 8' }),
          ],
        }}
      />,
    );
    expect(screen.getByTestId('ward-escalations').textContent).toBe('⚠ 2 escalations♥ Bed 4: NEWS2 8');
  });

  it('should say there are none rather than show nothing once the list is in', () => {
    render(<WardEscalationsSummary feed={{ status: 'live', error: null, serverTime: null, ended: null, open: [] }} />);
    expect(screen.getByTestId('ward-escalations').textContent).toBe('✓ No escalations');
  });

  it('should subscribe to its ward through the provider, and show nothing without one', async () => {
    const transport = new FakeEscalationTransport();
    transport.answer = () => Promise.resolve({ data: [makeEscalation(1)] });
    const { unmount } = render(
      <EscalationsProvider connect={() => transport}>
        <WardEscalations wardId="ward-a" />
      </EscalationsProvider>,
    );
    transport.connect();
    expect(await screen.findByText('1 escalation')).toBeTruthy();
    expect(transport.subscriptions).toEqual([{ wardId: 'ward-a' }]);
    unmount();
    expect(transport.closed).toBe(true);
    const { container } = render(<WardEscalations wardId="ward-a" />);
    expect(container.textContent).toBe('');
  });
});
