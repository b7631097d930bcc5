import type { ApiErrorCode, ApiErrorShape } from './contract.js';

/** An error with a stable code that crosses every transport intact. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  toWire(): ApiErrorShape {
    return { code: this.code, message: this.message };
  }
}

const CODES: ReadonlySet<string> = new Set<ApiErrorCode>([
  'UNKNOWN_METHOD',
  'BAD_MESSAGE',
  'BAD_PARAMS',
  'DATA_DIR_NOT_WRITABLE',
  'DATABASE_UNREADABLE',
  'NOT_FOUND',
  'INVALID_MODEL',
  'MODEL_NOT_LOADED',
  'MODEL_LOAD_FAILED',
  'BUSY',
  'OFFLINE',
  'DOWNLOAD_FAILED',
  'CHECKSUM_MISMATCH',
  'ENGINE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
]);

export function isApiErrorShape(value: unknown): value is ApiErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && CODES.has(v.code) && typeof v.message === 'string';
}

/** Turn anything thrown into the wire shape; unknown errors become INTERNAL. */
export function toWireError(error: unknown): ApiErrorShape {
  if (error instanceof ApiError) return error.toWire();
  if (isApiErrorShape(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

/** Turn whatever a transport delivered as a rejection back into an ApiError. */
export function fromWireError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isApiErrorShape(error)) return new ApiError(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('[birpc] timeout')) return new ApiError('TIMEOUT', message);
  if (message.includes('[birpc] rpc is closed')) return new ApiError('ENGINE_UNAVAILABLE', message);
  return new ApiError('INTERNAL', message);
}
