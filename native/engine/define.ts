import type { z } from 'zod';
import type { EngineMethods, MethodName, Params, Result } from '../api/contract.js';

/** One method's implementation: a schema for its parameters and the function that serves it. */
export interface MethodDefinition<M extends MethodName> {
  params: z.ZodType<Params<M>>;
  run: (...params: Params<M>) => Result<M> | Promise<Result<M>>;
}

/** The engine's full method table: the compiler checks it covers EngineMethods exactly. */
export type MethodTable = { [M in MethodName]: MethodDefinition<M> };

export type { EngineMethods };
