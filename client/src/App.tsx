/**
 * Routes. Wall pages (a ward's display, its huddle view, pairing) fill the screen and carry no
 * session bar; desk pages sit under it. Every page that needs a capability is behind its gate, which
 * says why instead of rendering a screen whose requests would only be refused.
 */
import type { Capability } from '@wardflow/shared';
import type { ReactNode } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { AdminIndexPage } from './admin/AdminIndexPage';
import { AuditPage } from './admin/AuditPage';
import { ConfigPage } from './admin/ConfigPage';
import { DevicesPage } from './admin/DevicesPage';
import { HistoryPage } from './admin/HistoryPage';
import { SessionsPage } from './admin/SessionsPage';
import { TokensPage } from './admin/TokensPage';
import { ADMIN_CAPABILITIES, WARD_LIST_CAPABILITIES } from './auth/nav-links';
import { RequireAccess } from './auth/RequireAccess';
import { DeskLayout } from './auth/SessionBar';
import { SignedOutPage } from './auth/SignedOutPage';
import { DigestPreviewPage } from './digests/DigestPreviewPage';
import { DigestsPage } from './digests/DigestsPage';
import { PairingPage } from './display/PairingPage';
import { WardDisplayPage } from './display/WardDisplayPage';
import { HeatmapPage } from './heatmap/HeatmapPage';
import { HuddlePage } from './huddle/HuddlePage';
import { PatientPage } from './patients/PatientPage';
import { SiteBedsPage } from './sites/SiteBedsPage';
import { SitePage } from './sites/SitePage';
import { SitesPage } from './sites/SitesPage';
import { WardListPage } from './wards/WardListPage';

const gated = (anyOf: readonly Capability[], page: ReactNode) => <RequireAccess anyOf={anyOf}>{page}</RequireAccess>;

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/wards/:wardId" element={<WardDisplayPage />} />
        <Route path="/wards/:wardId/display" element={<WardDisplayPage />} />
        <Route
          path="/wards/:wardId/huddle"
          element={
            <RequireAccess anyOf={['ward.board']} wall>
              <HuddlePage />
            </RequireAccess>
          }
        />
        <Route path="/pair" element={<PairingPage />} />
        <Route element={<DeskLayout />}>
          <Route path="/" element={gated(WARD_LIST_CAPABILITIES, <WardListPage />)} />
          <Route
            path="/wards/:wardId/beds/:bedId"
            element={
              <RequireAccess anyOf={['ward.patient']} peopleOnly>
                <PatientPage />
              </RequireAccess>
            }
          />
          <Route
            path="/heatmap"
            element={
              <RequireAccess anyOf={['heatmap.view']} screenPairing>
                <HeatmapPage />
              </RequireAccess>
            }
          />
          <Route path="/sites" element={gated(['site.beds'], <SitesPage />)} />
          <Route path="/sites/:siteId" element={gated(['site.beds'], <SitePage />)} />
          <Route path="/sites/:siteId/beds" element={gated(['site.beds'], <SiteBedsPage />)} />
          <Route path="/digests" element={gated(['digests.view'], <DigestsPage />)} />
          <Route path="/digests/preview/:leadId" element={gated(['digests.view'], <DigestPreviewPage />)} />
          <Route path="/admin" element={gated(ADMIN_CAPABILITIES, <AdminIndexPage />)} />
          <Route path="/admin/devices" element={gated(['devices.enrol', 'devices.manage'], <DevicesPage />)} />
          <Route path="/admin/tokens" element={gated(['tokens.manage'], <TokensPage />)} />
          <Route path="/admin/sessions" element={gated(['sessions.manage'], <SessionsPage />)} />
          <Route path="/admin/audit" element={gated(['audit.view'], <AuditPage />)} />
          <Route path="/admin/config" element={gated(['config.view'], <ConfigPage />)} />
          <Route path="/admin/history" element={gated(['history.import'], <HistoryPage />)} />
          <Route path="/signed-out" element={<SignedOutPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

function NotFound() {
  return (
    <main className="ward-list">
      <h1 className="ward-list__title">Page not found</h1>
      <p className="ward-list__note">
        <Link to="/">Go to the ward list</Link>
      </p>
    </main>
  );
}
