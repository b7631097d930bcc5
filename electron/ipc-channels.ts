/**
 * The messages between main and the preload. Main sends engine ports and
 * statuses; the page's only request of main is the OS file dialog. Everything
 * else goes straight to the engine over the port.
 */
export const ENGINE_PORT_CHANNEL = 'cellar:engine-port';
export const ENGINE_STATUS_CHANNEL = 'cellar:engine-status';
export const PICK_FILES_CHANNEL = 'cellar:pick-files';
