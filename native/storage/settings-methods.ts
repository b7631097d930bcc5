import { z } from 'zod';
import type { MethodDefinition } from '../engine/define.js';
import type { SettingsStore } from './settings.js';

/** `onOffline` runs when offline mode is switched on: a download already streaming stops too. */
export function settingsMethods(
  settings: SettingsStore,
  onOffline: () => Promise<unknown>,
): {
  'settings.get': MethodDefinition<'settings.get'>;
  'settings.update': MethodDefinition<'settings.update'>;
} {
  return {
    'settings.get': { params: z.tuple([]), run: () => settings.get() },
    'settings.update': {
      params: z.tuple([z.object({ offline: z.boolean() }).partial().strict()]),
      run: (changes) => {
        const updated = settings.update(changes);
        if (changes.offline) void onOffline();
        return updated;
      },
    },
  };
}
