import type { Dispatch } from '../engine/dispatch.js';
import type { AuditLog } from './audit.js';

type Args = Record<string, unknown>;
type Lookup = (method: string, params: Args) => unknown;

/**
 * Events worth auditing that no single call causes: a model loaded (by a
 * chat as well as by models.load), a download finished and registered.
 */
export function auditEvent(audit: AuditLog, event: string, payload: unknown): void {
  const p = payload as Args;
  if (event === 'models.state' && p.state === 'ready') {
    const model = p.model as Args;
    audit.record('model.loaded', String(model.label), {
      id: model.modelId,
      backend: model.backend,
      contextSize: model.contextSize,
    });
  }
  if (event === 'downloads.progress' && p.state === 'done') {
    audit.record('model.downloaded', String(p.fileName), {
      catalogId: p.catalogId,
      quantization: p.quantization,
      modelId: p.modelId,
    });
  }
}

/**
 * Audit the security-relevant calls, wherever they come from (window, CLI):
 * the call runs first, and only a call that succeeded is recorded. `before`
 * reads what a call is about to change (a preset's old text, old settings).
 */
export function auditedDispatch(dispatch: Dispatch, audit: AuditLog, before: Lookup): Dispatch {
  return async (method, args) => {
    const params = (Array.isArray(args) ? args[0] : undefined) as Args | undefined;
    const previous = params ? before(method, params) : undefined;
    const result = await dispatch(method, args);
    try {
      record(audit, method, params ?? {}, result, previous);
    } catch {
      // Auditing never turns a successful call into a failure.
    }
    return result;
  };
}

function record(audit: AuditLog, method: string, params: Args, result: unknown, previous: unknown): void {
  const r = (result ?? {}) as Args;
  const p = (previous ?? {}) as Args;
  switch (method) {
    case 'models.import':
      return audit.record('model.imported', String(r.label), {
        id: r.id,
        sha256: r.sha256,
        storage: r.storage,
        source: r.source,
      });
    case 'models.remove':
      return audit.record('model.removed', String(p.label ?? params.id), { id: params.id });
    case 'collections.create':
      return audit.record('collection.created', String(r.name), { id: r.id, embeddingModelId: r.embeddingModelId });
    case 'collections.rename':
      return audit.record('collection.renamed', String(r.name), { id: params.id, oldName: p.name ?? null });
    // Deletions and documents are recorded by id and hash, never by name: the audit log is append-only, so a
    // name written here would outlive the document it names.
    case 'collections.delete':
      return audit.record('collection.deleted', String(params.id), { id: params.id });
    case 'documents.add':
      for (const doc of (r.documents as Args[] | undefined) ?? []) {
        audit.record('document.added', String(doc.id), {
          id: doc.id,
          collectionId: doc.collectionId,
          sha256: doc.sha256,
          kind: doc.kind,
        });
      }
      return;
    case 'documents.remove':
      return audit.record('document.removed', String(params.id), {
        id: params.id,
        collectionId: p.collectionId ?? null,
        sha256: p.sha256 ?? null,
      });
    case 'presets.save':
      return audit.record('preset.saved', String(r.name), { id: r.id, oldText: p.text ?? null, newText: r.text });
    case 'presets.delete':
      return audit.record('preset.deleted', String(p.name ?? params.id), { id: params.id, oldText: p.text ?? null });
    case 'settings.update':
      for (const [key, value] of Object.entries(params))
        audit.record('settings.changed', key, { oldValue: p[key] ?? null, newValue: value });
      return;
    default:
      return;
  }
}
