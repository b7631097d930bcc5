import { useEffect, useState } from 'react';
import { useBridge } from '../../bridge';
import { importModel, setImportNotice, useModels } from '../../store/models';
import { useNavigation } from '../../store/navigation';
import { FileIcon } from '../Icons/Icons';
import './DropZone.css';

const hasFiles = (event: DragEvent): boolean => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/** Where the import panel is on screen: the welcome (Chats, empty library) or Models. */
function showImport(): void {
  const { models } = useModels.getState();
  const { view, go } = useNavigation.getState();
  if (!(view === 'chats' && models?.length === 0)) go('models');
}

/**
 * Drop a .gguf anywhere on the window to import it (copied into the library).
 * The desktop shell turns the dropped file into its path; a browser cannot,
 * so there the user is asked to paste the path. Dropped files never make the
 * window navigate away.
 */
export function DropZone() {
  const bridge = useBridge();
  const [over, setOver] = useState(false);

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth += 1;
      setOver(true);
    };
    const onLeave = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const onOver = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      const model = files.find((f) => f.name.toLowerCase().endsWith('.gguf'));
      showImport();
      if (!model) {
        setImportNotice('Only GGUF model files (.gguf) can be imported. Drop a .gguf file, or paste its path.');
        return;
      }
      const path = bridge.shell?.pathForFile(model);
      if (!path) {
        setImportNotice('Drop works in the desktop app — paste the path instead.');
        return;
      }
      void importModel(bridge, path, 'copy');
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [bridge]);

  if (!over) return null;
  return (
    <div className="drop-zone" aria-hidden="true">
      <div className="drop-zone__box">
        <FileIcon size={28} />
        <p className="drop-zone__title">Drop a .gguf file to import it</p>
        <p className="drop-zone__hint">It is copied into Cellar’s library and checked before use.</p>
      </div>
    </div>
  );
}
