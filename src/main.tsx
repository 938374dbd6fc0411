import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './app/App.css';

const container = document.getElementById('root');
if (!container) throw new Error('Faceprint: #root element is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline support is registered by the engine once it has started (src/app/offline.ts).
