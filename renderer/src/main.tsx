import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App/App';
import { t } from './i18n';
import './lib/theme'; // the chosen theme applies before the first paint
import './styles/theme.css';

const root = createRoot(document.getElementById('root')!);

if (window.cellar) {
  root.render(
    <StrictMode>
      <App bridge={window.cellar} />
    </StrictMode>,
  );
} else {
  // The preload (or the harness's bridge script) did not run: nothing can work, so say so plainly.
  root.render(
    <div className="fatal" role="alert">
      <h1>{t('fatal.title')}</h1>
      <p>{t('fatal.body')}</p>
    </div>,
  );
}
