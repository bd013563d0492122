/**
 * `deck --all` with a wedged engine: a real unix socket that accepts connections but never
 * answers (a SIGSTOPped daemon) must not hang the table; the stuck socket is skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectAll } from '../../deck/all.js';
import { connectEngine } from '../../engine/protocol/client.js';

let server: Server | null = null;
const held: Socket[] = [];
let dir = '';

afterEach(() => {
  for (const s of held) s.destroy();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('deck --all', () => {
  it('skips an engine socket that accepts but never answers instead of hanging', async () => {
    dir = mkdtempSync(join(tmpdir(), 'deck-all-'));
    server = createServer((s) => { held.push(s); });
    await new Promise<void>((r) => server?.listen(join(dir, 'wedged.sock'), r));
    const t0 = Date.now();
    const rows = await collectAll([dir], { connect: connectEngine, socketDir: () => dir, answerTimeoutMs: 300 });
    expect(rows).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(held.length).toBe(1);
  });
});
