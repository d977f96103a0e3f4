import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { DigestPreviewPage } from './digests/DigestPreviewPage';
import { DigestsPage } from './digests/DigestsPage';
import { WardDisplayPage } from './display/WardDisplayPage';
import { HeatmapPage } from './heatmap/HeatmapPage';
import { SiteBedsPage } from './sites/SiteBedsPage';
import { SitePage } from './sites/SitePage';
import { SitesPage } from './sites/SitesPage';
import { HuddlePage } from './huddle/HuddlePage';
import { WardListPage } from './wards/WardListPage';

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/" element={<WardListPage />} />
        <Route path="/wards/:wardId" element={<WardDisplayPage />} />
        <Route path="/wards/:wardId/display" element={<WardDisplayPage />} />
        <Route path="/wards/:wardId/huddle" element={<HuddlePage />} />
        <Route path="/heatmap" element={<HeatmapPage />} />
        <Route path="/sites" element={<SitesPage />} />
        <Route path="/sites/:siteId" element={<SitePage />} />
        <Route path="/sites/:siteId/beds" element={<SiteBedsPage />} />
        <Route path="/digests" element={<DigestsPage />} />
        <Route path="/digests/preview/:leadId" element={<DigestPreviewPage />} />
        <Route path="*" element={<NotFound />} />
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
