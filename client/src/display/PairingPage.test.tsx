import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { makeDeviceIdentity, sessionValue } from '../auth/session.builders';
import { SessionContext } from '../auth/SessionContext';
import { PairingPage } from './PairingPage';

describe('PairingPage', () => {
  it('should send an enrolled screen straight to what it was enrolled for', () => {
    render(
      <SessionContext.Provider value={sessionValue(makeDeviceIdentity({ kind: 'site-heatmap', siteId: 'site-north' }))}>
        <MemoryRouter initialEntries={['/pair']}>
          <Routes>
            <Route path="/pair" element={<PairingPage />} />
            <Route path="/heatmap" element={<p>The heat map</p>} />
          </Routes>
        </MemoryRouter>
      </SessionContext.Provider>,
    );
    expect(screen.getByText('The heat map')).toBeTruthy();
  });
});
