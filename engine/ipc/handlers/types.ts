/** What every IPC handler may use: the engine context and the daemon's hooks. */
import type { EngineContext } from '../../context.js';
import type { Snapshot } from '../../protocol/snapshot.js';

export interface HandlerDeps {
  ctx: EngineContext;
  /** Run a state-changing operation exclusively with cycles (single decision in flight). */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  snapshot: () => Promise<Snapshot>;
  requestCycle: (reason: string) => void;
  shutdown: () => void;
  /** Wake the tick now (e.g. a reply was just written). Optional. */
  wake?: () => void;
}

/** A handler error with a JSON-RPC code (CONTRACT.md). */
export function rpcError(rpcCode: number, message: string, code?: string): Error {
  return Object.assign(new Error(message), { rpcCode, code });
}
