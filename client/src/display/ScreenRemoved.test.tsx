import { fireEvent, render, screen } from '@testing-library/react';
import { ScreenRemoved } from './ScreenRemoved';

describe('ScreenRemoved', () => {
  it('should say the screen was removed and what to do, and start pairing again on request', () => {
    let pairing = 0;
    render(<ScreenRemoved enrolAt="https://wardflow.trust.example/admin/devices" onPairAgain={() => (pairing += 1)} />);
    expect(screen.getByRole('heading', { name: 'This screen has been removed' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('ask IT or the nurse in charge to enrol it again');
    expect(screen.getByRole('alert').textContent).toContain('https://wardflow.trust.example/admin/devices');
    fireEvent.click(screen.getByRole('button', { name: 'Show a new pairing code' }));
    expect(pairing).toBe(1);
  });
});
