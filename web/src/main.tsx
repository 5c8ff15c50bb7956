import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { wordsReady } from './i18n';
import './styles.css';
import { App } from './app/App';
import { PageLoading } from './app/basics';

// A new build replaced the hashed files while this tab was open: the page's chunk is gone (404).
// Loading the new build once brings it back; a second failure within a minute is left to show.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('gj_chunk_reload') ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem('gj_chunk_reload', String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

// An English reader's words are fetched first (i18n.ts); the page shows nothing before them.
void wordsReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      {/* Pages load on first use (App.tsx); the shell has its own boundary, this one catches the rest. */}
      <Suspense fallback={<PageLoading />}>
        <App />
      </Suspense>
    </StrictMode>,
  ),
);
