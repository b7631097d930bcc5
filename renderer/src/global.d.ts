import type { CellarBridge } from './api';

declare global {
  interface Window {
    /** The engine API: the Electron preload or the browser harness's bridge script defines it before the app loads. */
    cellar: CellarBridge;
  }
}

export {};
