/**
 * The messages between main and the preload. Main sends engine ports and
 * statuses; the page's only requests of main are the OS file dialogs (open,
 * and save for an export). Everything else goes straight to the engine over
 * the port.
 */
export const ENGINE_PORT_CHANNEL = 'cellar:engine-port';
export const ENGINE_STATUS_CHANNEL = 'cellar:engine-status';
export const PICK_FILES_CHANNEL = 'cellar:pick-files';
export const SAVE_FILE_CHANNEL = 'cellar:save-file';

/** What main posts to the engine with its own client's port (a window's port comes with {type: 'connect'}). */
export const MAIN_CONNECT_MESSAGE = { type: 'connect', client: 'main' } as const;
