import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './app/App';
import { PageLoading } from './app/basics';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Pages load on first use (App.tsx); the shell has its own boundary, this one catches the rest. */}
    <Suspense fallback={<PageLoading />}>
      <App />
    </Suspense>
  </StrictMode>,
);
