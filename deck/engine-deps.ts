/**
 * The real protocol functions behind the connection. The offline read (substrate, tmux) is
 * imported lazily: it is only needed when no engine answers, and it keeps the first frame fast.
 */
import { connectEngine } from '../engine/protocol/client.js';
import { socketPathFor } from '../engine/protocol/socket-path.js';
import type * as Offline from '../engine/protocol/offline.js';
import type { ConnectionDeps } from './connection.js';

const offline = (): Promise<typeof Offline> => import('../engine/protocol/offline.js');

/** Connection dependencies backed by engine/protocol. */
export const engineDeps: ConnectionDeps = {
  connect: connectEngine,
  socketPathFor: (root, session) => socketPathFor(root, session),
  offlineSnapshot: async (src) => (await offline()).offlineSnapshot(src),
  offlineCapture: async (src, lane, lines) => (await offline()).offlineCapture(src, lane, lines),
};
