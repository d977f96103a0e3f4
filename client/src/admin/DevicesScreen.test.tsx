import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { DeviceEnrolRequest, DeviceView } from '@wardflow/shared';
import { makeGrant } from '../auth/session.builders';
import { makeDevice, makePending, WARDS } from './admin.builders';
import { bindingOptions } from './binding-options';
import { DevicesScreen, type DevicesScreenProps } from './DevicesScreen';

function renderScreen(overrides: Partial<DevicesScreenProps> = {}) {
  const calls = { enrolled: [] as DeviceEnrolRequest[], removed: [] as string[] };
  render(
    <MemoryRouter>
      <DevicesScreen
        data={{
          pending: [makePending()],
          devices: [
            makeDevice(),
            makeDevice({
              id: 'device-0',
              name: 'Old kiosk',
              revokedAt: '2026-01-12T09:00:00Z',
              revokedBy: 'Sam Admin',
            }),
          ],
        }}
        error={null}
        options={bindingOptions(WARDS, [makeGrant('admin')])}
        onEnrol={(request) => {
          calls.enrolled.push(request);
          return Promise.resolve(makeDevice({ name: request.name, bindingLabel: 'Birch Ward' }));
        }}
        onRemove={(device: DeviceView) => Promise.resolve(calls.removed.push(device.id))}
        {...overrides}
      />
    </MemoryRouter>,
  );
  return calls;
}

describe('DevicesScreen', () => {
  it('should list the screens waiting, with the ward they were opened for and their address, but never their codes', () => {
    renderScreen();
    const table = screen.getByRole('table', { name: 'Screens waiting' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(Array.from(row.querySelectorAll('td'), (td) => td.textContent).slice(0, 4)).toEqual([
      'Birch Ward (North General)',
      'Wed 14 Jan 13:55 GMT',
      'Wed 14 Jan 14:10 GMT',
      '10.1.2.9',
    ]);
    expect(table.textContent).not.toMatch(/[A-Z0-9]{3}-[A-Z0-9]{3}/);
  });

  it('should approve the code typed from the screen for the ward chosen, the ward filled in from the waiting list', async () => {
    const calls = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Choose this ward' }));
    expect((screen.getByLabelText('Code on the screen') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Shows') as HTMLSelectElement).value).toBe('ward:ward-birch');
    fireEvent.change(screen.getByLabelText('Code on the screen'), { target: { value: 'ABC-D23' } });
    fireEvent.change(screen.getByLabelText('Screen name'), { target: { value: 'Birch Ward station' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Approve screen' })));
    expect(calls.enrolled).toEqual([{ code: 'ABC-D23', name: 'Birch Ward station', wardId: 'ward-birch' }]);
    expect(screen.getByRole('status').textContent).toBe(
      '“Birch Ward station” is enrolled: Birch Ward board. The screen shows it within a few seconds.',
    );
  });

  it("should offer a site's heat map and say in words why an approval was refused", async () => {
    renderScreen({
      onEnrol: () =>
        Promise.reject(
          new Error('No screen is waiting with this code: it may have expired (codes last 15 minutes) or been used.'),
        ),
    });
    fireEvent.change(screen.getByLabelText('Code on the screen'), { target: { value: 'zzz-z99' } });
    fireEvent.change(screen.getByLabelText('Screen name'), { target: { value: 'Lobby' } });
    fireEvent.change(screen.getByLabelText('Shows'), { target: { value: 'site:site-north' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Approve screen' })));
    expect(screen.getByRole('alert').textContent).toBe(
      'Not approved: No screen is waiting with this code: it may have expired (codes last 15 minutes) or been used.',
    );
  });

  it('should list enrolled screens with what they show, when last seen and from where, and remove one only after asking', () => {
    const calls = renderScreen();
    const row = within(screen.getByRole('table', { name: 'Enrolled screens' })).getByRole('row', {
      name: /Ash Ward nurses’ station/,
    });
    expect(row.textContent).toContain('Ash Ward board');
    expect(row.textContent).toContain('Wed 14 Jan 13:59 GMT');
    expect(row.textContent).toContain('10.1.2.3');
    fireEvent.click(within(row).getByRole('button', { name: 'Remove Ash Ward nurses’ station' }));
    expect(calls.removed).toEqual([]);
    fireEvent.click(within(row).getByRole('button', { name: 'Yes, remove' }));
    expect(calls.removed).toEqual(['device-1']);
    expect(
      within(screen.getByRole('table', { name: 'Removed screens' })).getByRole('row', { name: /Old kiosk/ })
        .textContent,
    ).toContain('by Sam Admin');
  });
});
