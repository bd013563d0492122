/**
 * The NODE_EXTRA_CA_CERTS hand-back for the deck's bin line (the deck imports engine/protocol only,
 * DESIGN.md §2). Same rule as `loop`'s: substrate/cli/ca-env.ts; CONTRACT.md "Environment".
 */
export { restoreExtraCaCerts } from '../../substrate/cli/ca-env.js';
