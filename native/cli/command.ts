import type { CellarBridge } from '../api/contract.js';

export interface CommandContext {
  api: CellarBridge;
  /** Positional arguments after the command name. */
  args: string[];
  json: boolean;
  out(text: string): void;
}

/** A CLI command resolves to its exit code. */
export type Command = (ctx: CommandContext) => Promise<number>;
