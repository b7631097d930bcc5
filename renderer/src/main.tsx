import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App/App';
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
      <h1>Cellar could not connect to its engine</h1>
      <p>The window started without its connection to the engine. Quit and reopen Cellar to try again.</p>
    </div>,
  );
}
