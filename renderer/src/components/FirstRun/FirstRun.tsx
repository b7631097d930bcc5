import { DownloadIcon, FileIcon, LogoMark } from '../Icons/Icons';
import { ImportPanel } from '../ImportPanel/ImportPanel';
import { RecommendedDownload } from './RecommendedDownload';
import './FirstRun.css';

/**
 * Shown instead of the chat while the library is empty (and inline when a
 * send finds no model): the two ways to get a model, side by side.
 */
export function FirstRun({ inline = false }: { inline?: boolean }) {
  return (
    <section
      className={inline ? 'first-run first-run--inline' : 'first-run'}
      data-testid="first-run"
      aria-labelledby="first-run-title"
    >
      {inline ? null : (
        <div className="first-run__intro">
          <LogoMark size={40} />
          <h1 className="first-run__title" id="first-run-title">
            Welcome to Cellar
          </h1>
          <p className="first-run__lead">
            Cellar runs AI models entirely on this computer: your chats and documents never leave it. To begin, add a
            chat model.
          </p>
        </div>
      )}
      {inline ? (
        <h2 className="first-run__inline-title" id="first-run-title">
          Add a chat model to get an answer
        </h2>
      ) : null}
      <div className="first-run__options">
        <div className="first-run__card">
          <h2 className="first-run__card-title">
            <DownloadIcon size={16} /> Download a recommended model
          </h2>
          <RecommendedDownload />
        </div>
        <div className="first-run__card">
          <h2 className="first-run__card-title">
            <FileIcon size={16} /> Import a GGUF file
          </h2>
          <ImportPanel />
        </div>
      </div>
    </section>
  );
}
