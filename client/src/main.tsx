import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EscalationsProvider } from './escalations/EscalationsContext';
import { ScreenErrorBoundary } from './ScreenErrorBoundary';
import './styles.css';
import './sites/sites.css';
import './escalations/escalations.css';
import './digests/digests.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ScreenErrorBoundary>
      <EscalationsProvider>
        <App />
      </EscalationsProvider>
    </ScreenErrorBoundary>
  </StrictMode>,
);
