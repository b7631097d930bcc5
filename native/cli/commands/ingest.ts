import type { DocumentRecord } from '../../api/contract.js';
import { DEFAULT_COLLECTION, ingestCollection } from '../collection-ref.js';
import { UsageError, type Command } from '../command.js';

/** `cellar ingest PATH... [--collection NAME] [--embedding-model PATH]`: index files and folders, and wait. */
export const ingestCommand: Command = async ({ api, args, options, out, err }) => {
  if (!args.length) throw new UsageError('cellar ingest PATH... [--collection NAME] [--embedding-model PATH] [--json]');
  const collection = await ingestCollection(api, options.collection ?? DEFAULT_COLLECTION, options.embeddingModel);
  const finished = new Map<string, DocumentRecord>();
  let total = 0;
  const off = api.on('documents.progress', (doc) => {
    if (doc.collectionId !== collection.id) return;
    if (doc.status === 'ready' || doc.status === 'failed') {
      finished.set(doc.id, doc);
      if (!options.json)
        err(`\r${finished.size}/${total} ${doc.status === 'ready' ? 'indexed' : 'failed '} ${doc.name}\x1b[K`);
    }
  });
  try {
    const result = await api.call('documents.add', {
      paths: args.map((p) => resolvePath(p)),
      collectionId: collection.id,
    });
    total = result.documents.length;
    for (const doc of result.documents) if (doc.status === 'ready') finished.set(doc.id, doc);
    while (finished.size < total) await new Promise((resolve) => setTimeout(resolve, 100));
    const documents = (await api.call('documents.list', { collectionId: collection.id })).filter((d) =>
      result.documents.some((r) => r.id === d.id),
    );
    if (!options.json) err('\n');
    if (options.json) {
      out(
        JSON.stringify(
          {
            collection: collection.name,
            files: documents.map((d) => ({
              path: d.path,
              name: d.name,
              status: d.status,
              errorCode: d.errorCode,
              error: d.error,
              pages: d.pages,
              chunks: d.chunks,
              ocrPages: d.ocrPages,
              warnings: d.warnings,
            })),
            skipped: result.skipped,
          },
          null,
          2,
        ),
      );
    } else {
      for (const d of documents.filter((x) => x.status === 'failed')) out(`failed  ${d.path}: ${d.error}`);
      for (const s of result.skipped) out(`skipped ${s.path}: ${s.reason}`);
      const ready = documents.filter((d) => d.status === 'ready');
      out(
        `${ready.length} of ${documents.length} files indexed in "${collection.name}" (${ready.reduce((n, d) => n + d.chunks, 0)} chunks).`,
      );
    }
    return documents.some((d) => d.status === 'failed') ? 3 : 0;
  } finally {
    off();
  }
};

function resolvePath(path: string): string {
  return path.startsWith('/') ? path : `${process.cwd()}/${path}`;
}
