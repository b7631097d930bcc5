import { useEffect, useState } from 'react';
import type { CellarBridge } from '../../api';
import { useBridge } from '../../bridge';
import { t } from '../../i18n';
import { addDocuments, selectedCollection, setDocumentsNotice, useDocuments } from '../../store/documents';
import { importModel, setImportNotice, useModels } from '../../store/models';
import { useNavigation } from '../../store/navigation';
import { FileIcon, FolderIcon } from '../Icons/Icons';
import './DropZone.css';

const hasFiles = (event: DragEvent): boolean => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/** Where the import panel is on screen: the welcome (Chats, empty library) or Models. */
function showImport(): void {
  const { models } = useModels.getState();
  const { view, go } = useNavigation.getState();
  if (!(view === 'chats' && models?.length === 0)) go('models');
}

const isModel = (file: File): boolean => file.name.toLowerCase().endsWith('.gguf');

/** Files and folders dropped for Documents: added to the collection shown there. */
function dropDocuments(bridge: CellarBridge, files: File[]): void {
  useNavigation.getState().go('documents');
  const collection = selectedCollection(useDocuments.getState());
  if (!bridge.shell) {
    setDocumentsNotice(t('drop.desktopOnlyDocs'));
    return;
  }
  if (!collection) {
    setDocumentsNotice(t('drop.createFirst'));
    return;
  }
  const paths = files.map((f) => bridge.shell!.pathForFile(f)).filter((p): p is string => Boolean(p));
  if (!paths.length) {
    setDocumentsNotice(t('drop.noPath'));
    return;
  }
  void addDocuments(bridge, collection.id, paths);
}

/**
 * Drop files anywhere on the window: in Documents, files and folders are
 * added to the collection shown; elsewhere a .gguf is imported as a model
 * (copied into the library), and other files go to Documents. The desktop
 * shell turns a dropped file into its path; a browser cannot, so there the
 * user is asked to paste the path. Dropped files never make the window
 * navigate away.
 */
export function DropZone() {
  const bridge = useBridge();
  const [over, setOver] = useState(false);
  const view = useNavigation((s) => s.view);
  const collectionName = useDocuments((s) => selectedCollection(s)?.name ?? null);

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
      const model = files.find(isModel);
      const { view } = useNavigation.getState();
      if (view === 'documents' || (files.length > 0 && !model && view !== 'models')) {
        dropDocuments(bridge, files);
        return;
      }
      showImport();
      if (!model) {
        setImportNotice(t('drop.onlyGguf'));
        return;
      }
      const path = bridge.shell?.pathForFile(model);
      if (!path) {
        setImportNotice(t('drop.desktopOnlyModel'));
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
  if (view === 'documents') {
    return (
      <div className="drop-zone" aria-hidden="true">
        <div className="drop-zone__box">
          <FolderIcon size={28} />
          <p className="drop-zone__title">
            {collectionName ? t('drop.docsTitleNamed', { name: collectionName }) : t('drop.docsTitle')}
          </p>
          <p className="drop-zone__hint">{bridge.shell ? t('drop.docsHint') : t('drop.docsHintBrowser')}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="drop-zone" aria-hidden="true">
      <div className="drop-zone__box">
        <FileIcon size={28} />
        <p className="drop-zone__title">{t('drop.modelTitle')}</p>
        <p className="drop-zone__hint">{t('drop.modelHint')}</p>
      </div>
    </div>
  );
}
