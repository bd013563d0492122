/**
 * Print docs/keys.md (generated from deck/keymap.ts) to stdout, without npm or a terminal:
 * `node dist/deck/gen-keys-doc.js > docs/keys.md`.
 */
import { renderKeysDoc } from './keys-doc.js';

process.stdout.write(renderKeysDoc());
