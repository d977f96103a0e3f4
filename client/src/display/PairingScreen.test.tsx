import { render, screen } from '@testing-library/react';
import { PairingScreen } from './PairingScreen';

const renderScreen = (state: Parameters<typeof PairingScreen>[0]['state']) =>
  render(<PairingScreen wardId="ward-ash" state={state} origin="https://wardflow.trust.example" />);

describe('PairingScreen', () => {
  it('should show the code large, where to approve it, and until when it works', () => {
    renderScreen({ phase: 'waiting', code: 'ABC-D23', expiresAt: '2026-01-14T14:15:00Z', trouble: null });
    expect(screen.getByTestId('pairing-code').textContent).toBe('ABC-D23');
    expect(screen.getByText(/Ask the nurse in charge or IT to approve this screen at/).textContent).toBe(
      'Ask the nurse in charge or IT to approve this screen at https://wardflow.trust.example/admin/devices',
    );
    expect(screen.getByTestId('pairing-expires').textContent).toBe(
      'This code works until 14:15 GMT. After that a new code appears here by itself.',
    );
    expect(screen.getByText('Wardflow wall screen · ward ward-ash')).toBeTruthy();
  });

  it('should keep the code on screen while the server cannot be reached, and say so', () => {
    renderScreen({
      phase: 'waiting',
      code: 'ABC-D23',
      expiresAt: '2026-01-14T14:15:00Z',
      trouble: 'Wardflow could not be reached.',
    });
    expect(screen.getByTestId('pairing-code').textContent).toBe('ABC-D23');
    expect(screen.getByRole('status').textContent).toContain('still trying');
  });

  it('should say the last code expired while getting a new one', () => {
    renderScreen({ phase: 'starting', previous: 'expired' });
    expect(screen.getByRole('status').textContent).toBe('The last code expired. Getting a new one…');
    expect(screen.queryByTestId('pairing-code')).toBeNull();
  });

  it('should say why no code could be got', () => {
    renderScreen({
      phase: 'failed',
      message: 'Too many pairing codes asked for from this address: wait a few minutes.',
    });
    expect(screen.getByRole('alert').textContent).toContain('Too many pairing codes');
  });
});
