/**
 * The engine API's types, for the whole renderer: the one place that imports
 * the shared contract. Everything else imports from here, and reaches the
 * engine itself only through `window.cellar` (see bridge.tsx).
 */
export type * from '../../native/api/contract';
