/**
 * Connects the window's page to the engine: each time the engine is ready and
 * the page has loaded, main makes a fresh MessageChannelMain, hands one end to
 * the engine and the other to the page. A reload or an engine restart simply
 * repeats this. Engine statuses are forwarded too, and the latest one is
 * replayed to a page that loads after it was sent (a failure at startup must
 * still reach the UI).
 *
 * Main is a client of the engine too, with a port of its own made on every
 * engine start: it reports the requests it blocks in the window to the
 * network ledger, and hears when the library is wiped. `api` stays valid
 * across restarts (calls made while the engine is down wait for the next one).
 */
import { MessageChannelMain, type MessagePortMain, type WebContents } from 'electron';
import type { CellarBridge, EngineStatusEvent } from '../native/api/contract.js';
import { createBridge } from '../native/api/client.js';
import { mainPortChannel } from '../native/transports/message-port.js';
import type { UtilityEngineProcess } from './utility-launcher.js';
import { ENGINE_PORT_CHANNEL, ENGINE_STATUS_CHANNEL, MAIN_CONNECT_MESSAGE } from './ipc-channels.js';

export class EngineLink {
  #contents: WebContents | null = null;
  #loaded = false;
  #engine: UtilityEngineProcess | null = null;
  #status: EngineStatusEvent | null = null;
  readonly #main = createBridge({ timeoutMs: 30_000 });
  #mainPort: MessagePortMain | null = null;

  /** Main's own client of the engine. */
  get api(): CellarBridge {
    return this.#main.bridge;
  }

  /** Follow a window's page; replaces any previous one. */
  attach(contents: WebContents): void {
    this.#contents = contents;
    this.#loaded = false;
    contents.on('did-start-loading', () => {
      if (this.#contents === contents) this.#loaded = false;
    });
    contents.on('did-finish-load', () => {
      if (this.#contents !== contents) return;
      this.#loaded = true;
      if (this.#status) this.#send(this.#status);
      if (this.#engine) this.#connect(this.#engine);
    });
    contents.once('destroyed', () => {
      if (this.#contents === contents) this.#contents = null;
    });
  }

  /** The supervisor's onReady: a (re)started engine is listening for ports. */
  engineReady(proc: UtilityEngineProcess): void {
    this.#engine = proc;
    this.#connectMain(proc);
    if (this.#loaded) this.#connect(proc);
  }

  /** The supervisor's onStatus. */
  status(status: EngineStatusEvent): void {
    this.#status = status;
    // Only a ready engine takes ports; the next engineReady brings the new one.
    if (status.state !== 'ready') {
      this.#engine = null;
      this.#dropMain(status.message ?? `The engine is ${status.state}.`);
    }
    if (this.#loaded) this.#send(status);
  }

  #connectMain(proc: UtilityEngineProcess): void {
    this.#dropMain('The engine connection was replaced.');
    const { port1, port2 } = new MessageChannelMain();
    proc.postMessage(MAIN_CONNECT_MESSAGE, [port2]);
    this.#mainPort = port1;
    this.#main.attach(mainPortChannel(port1));
  }

  #dropMain(reason: string): void {
    if (!this.#mainPort) return;
    this.#main.detach(reason);
    this.#mainPort.close();
    this.#mainPort = null;
  }

  #connect(proc: UtilityEngineProcess): void {
    const contents = this.#live();
    if (!contents) return;
    const { port1, port2 } = new MessageChannelMain();
    proc.postMessage({ type: 'connect' }, [port2]);
    contents.postMessage(ENGINE_PORT_CHANNEL, null, [port1]);
  }

  #send(status: EngineStatusEvent): void {
    this.#live()?.send(ENGINE_STATUS_CHANNEL, status);
  }

  #live(): WebContents | null {
    const contents = this.#contents;
    return contents && !contents.isDestroyed() ? contents : null;
  }
}
