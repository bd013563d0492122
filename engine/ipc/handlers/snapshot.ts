/** `snapshot`: the whole read model (engine/protocol/snapshot.ts). */
import type { HandlerDeps } from './types.js';
export const snapshot = (d: HandlerDeps) => async (): Promise<unknown> => d.snapshot();
