/**
 * The two messages main sends to the preload. There are none the other way:
 * the renderer talks only to the engine, over the port it is handed.
 */
export const ENGINE_PORT_CHANNEL = 'cellar:engine-port';
export const ENGINE_STATUS_CHANNEL = 'cellar:engine-status';
