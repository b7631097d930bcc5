import type { MethodName } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import type { MethodDefinition, MethodTable } from './define.js';

export type Dispatch = (method: string, args: unknown) => Promise<unknown>;

/**
 * Route one call to its method: unknown names and invalid parameters become
 * typed errors before any engine code runs. Every transport goes through this.
 */
export function createDispatch(table: MethodTable): Dispatch {
  const methods = new Map<string, MethodDefinition<MethodName>>(
    Object.entries(table) as [string, MethodDefinition<MethodName>][],
  );
  return async (method, args) => {
    const definition = typeof method === 'string' ? methods.get(method) : undefined;
    if (!definition) throw new ApiError('UNKNOWN_METHOD', `Unknown method "${String(method)}".`);
    const parsed = definition.params.safeParse(args ?? []);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new ApiError('BAD_PARAMS', `Invalid parameters for ${method}${where}: ${issue?.message ?? 'rejected'}.`);
    }
    return definition.run(...(parsed.data as Parameters<typeof definition.run>));
  };
}
