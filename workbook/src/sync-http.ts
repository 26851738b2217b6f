// Synchronous HTTP for Node, like Apps Script's UrlFetchApp: the calling thread blocks on Atomics.wait while a
// worker thread performs the requests (in parallel), and takes the answers with receiveMessageOnPort. Used by
// the workbook tool's HttpPort and by the add-on tests' simulated UrlFetchApp.
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";

export interface SyncRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SyncResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A response, or the network error of a request that got no answer at all. */
export type SyncOutcome = SyncResponse | { error: string };

const WORKER = new URL("./http-worker.mjs", import.meta.url);
const DEFAULT_TIMEOUT_MS = 120_000;

export class SyncHttpClient {
  private worker: Worker | undefined;

  constructor(private readonly timeoutMs = DEFAULT_TIMEOUT_MS) {}

  /** Sends the requests together and blocks until every answer (or network error) is in. */
  send(requests: SyncRequest[]): SyncOutcome[] {
    if (!requests.length) return [];
    if (!this.worker) {
      this.worker = new Worker(WORKER);
      // The worker never keeps the process alive on its own.
      this.worker.unref();
    }
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ requests, flag, port: port2 }, [port2]);
    const outcome = Atomics.wait(new Int32Array(flag), 0, 0, this.timeoutMs);
    if (outcome === "timed-out") {
      port1.close();
      throw new Error(`no answer within ${Math.round(this.timeoutMs / 1000)} s`);
    }
    const message = receiveMessageOnPort(port1);
    port1.close();
    return message!.message as SyncOutcome[];
  }

  close(): Promise<number> {
    const worker = this.worker;
    this.worker = undefined;
    return worker ? worker.terminate() : Promise.resolve(0);
  }
}

/** Blocks the thread for `ms` (the engine's Clock.sleep between retries). */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
