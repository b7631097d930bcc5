import type { CellarBridge } from '../api/contract.js';

export interface CliOptions {
  json: boolean;
  model?: string;
  label?: string;
  /** models import: use the file in place instead of copying it. */
  reference: boolean;
  collection?: string;
  embeddingModel?: string;
  k?: string;
  mode?: string;
  /** search: a JSONL file of {"id", "query"} lines. */
  queries?: string;
  /** --data-dir as given (repeated in commands the CLI suggests). */
  dataDir?: string;
}

export interface CommandContext {
  api: CellarBridge;
  /** Positional arguments after the command name. */
  args: string[];
  options: CliOptions;
  out(text: string): void;
  /** Progress and prompts go to stderr so stdout stays parseable. */
  err(text: string): void;
}

/** A CLI command resolves to its exit code. */
export type Command = (ctx: CommandContext) => Promise<number>;

export class UsageError extends Error {}
