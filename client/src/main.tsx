import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionProvider } from './auth/SessionContext';
import { EscalationsProvider } from './escalations/EscalationsContext';
import { ScreenErrorBoundary } from './ScreenErrorBoundary';
// Styles load here, as files: the server's Content-Security-Policy (style-src 'self') refuses
// <style> elements and style="" attributes written at run time.
import './styles.css';
import './sites/sites.css';
import './escalations/escalations.css';
import './digests/digests.css';
import './auth/auth.css';
import './display/wall-access.css';
import './patients/patient.css';
import './admin/admin.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ScreenErrorBoundary>
      <SessionProvider>
        <EscalationsProvider>
          <App />
        </EscalationsProvider>
      </SessionProvider>
    </ScreenErrorBoundary>
  </StrictMode>,
);
