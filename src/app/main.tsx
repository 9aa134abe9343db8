import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerServiceWorker } from './pwa';
// The self-hosted Japanese font subset (scripts/make-font-subset.ts), so any kiosk renders Japanese.
import './fonts/kazasu-sans-jp.css';
import './app.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
// Offline app shell and updates (production builds only; see src/app/pwa).
registerServiceWorker();
