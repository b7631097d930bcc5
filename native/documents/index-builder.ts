/**
 * The index builder thread: builds one collection's HNSW index from the vectors
 * stored in SQLite (its own read-only connection, one consistent snapshot) into
 * a side file, and posts back the record of what it holds. The engine swaps the
 * file in and reads it; see VectorIndex.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { bindingOptions } from '../storage/database.js';
import { buildIndex, type BuildRequest } from './vector-index.js';

const { dbFile, collectionId, outFile } = workerData as BuildRequest;
// Worker threads share the engine's environment: under Electron, the same Electron-ABI build of SQLite.
const db = new Database(dbFile, { ...bindingOptions(), readonly: true, fileMustExist: true });
const meta = db.transaction(() => {
  const total = db.prepare('SELECT COUNT(*) FROM chunks WHERE collection_id = ?').pluck().get(collectionId) as number;
  const rows = db
    .prepare('SELECT id, embedding FROM chunks WHERE collection_id = ?')
    .iterate(collectionId) as Iterable<{ id: number; embedding: Buffer }>;
  const built = buildIndex(rows, total);
  built.index.writeIndexSync(outFile);
  return built.meta;
})();
db.close();
parentPort!.postMessage(meta);
