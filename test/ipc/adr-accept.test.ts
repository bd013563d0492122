/**
 * IPC `adr.accept` over a real Unix socket with the engine's real handler map and store (DESIGN.md §5): a person's
 * interactive client accepts an ADR once its links are filled; a record without them is refused with a typed
 * error naming what is missing; the brain path has no way to reach it (no ADR action kind exists).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIpcServer, type IpcServer } from '../../engine/ipc/server.js';
import { handlers } from '../../engine/ipc/handlers/index.js';
import { connectEngine, EngineRequestError, type EngineClient } from '../../engine/protocol/client.js';
import { ErrorCodes } from '../../engine/protocol/methods.js';
import { ACTION_KINDS } from '../../engine/protocol/decision.js';
import { createContext } from '../../engine/context.js';
import type { EngineContext } from '../../engine/context.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { newAdr } from '../../substrate/adr/store.js';

let p: TestProject;
let dir: string;
let ctx: EngineContext;
let server: IpcServer;
let client: EngineClient;
beforeAll(async () => {
  p = makeProject({ git: false });
  dir = mkdtempSync(join(tmpdir(), 'ld-adr-'));
  ctx = createContext({ root: p.root, session: 's', socketName: 'loopdeck-test-unused', out: () => undefined });
  const deps = { ctx, exclusive: <T>(fn: () => Promise<T>) => fn(), snapshot: () => Promise.reject(new Error('unused')), requestCycle: () => undefined, shutdown: () => undefined };
  server = await startIpcServer(join(dir, 'e.sock'), { engine_version: 'test', session: 's', project_root: p.root, pid: process.pid }, handlers(deps));
  client = await connectEngine(join(dir, 'e.sock'), { client: 'deck' });
});
afterAll(async () => { client.close(); await server.close(); ctx.store.close(); rmSync(dir, { recursive: true, force: true }); p.cleanup(); });

describe('IPC adr.accept', () => {
  it('refuses a record without its links (FAILED, data.code adr-not-ready, message naming both); the file is untouched', async () => {
    const { path } = newAdr(join(p.root, 'docs', 'adr'), 'Use SQLite');
    const before = readFileSync(path, 'utf8');
    const err = await client.call('adr.accept', { id: '1', by: 'alice' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineRequestError);
    expect((err as EngineRequestError).rpcCode).toBe(ErrorCodes.FAILED);
    expect((err as EngineRequestError).message).toMatch(/missing verify_record and rollback \(or canary_record\)/);
    expect((err as EngineRequestError).data).toMatchObject({ code: 'adr-not-ready' });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('accepts once verify_record and rollback are linked: {id, status: accepted, file}; an event records who', async () => {
    const path = join(p.root, 'docs', 'adr', '0001-use-sqlite.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('verify_record:', 'verify_record: v.md').replace('rollback:', 'rollback: git revert'));
    expect(await client.call('adr.accept', { id: '0001', by: 'alice' })).toEqual({ id: '0001', status: 'accepted', file: path });
    expect(readFileSync(path, 'utf8')).toMatch(/^---\nstatus: Accepted\n/);
    expect(ctx.store.events.list({ types: ['adr-accepted'] }).map((e) => e.data)).toEqual([{ id: '0001', file: path, from: 'Proposed', by: 'alice' }]);
  });

  it('an unknown id is NOT_FOUND; bad params are INVALID_PARAMS', async () => {
    expect(((await client.call('adr.accept', { id: '42' }).catch((e: unknown) => e)) as EngineRequestError).rpcCode).toBe(ErrorCodes.NOT_FOUND);
    expect(((await client.call('adr.accept', {} as { id: string }).catch((e: unknown) => e)) as EngineRequestError).rpcCode).toBe(ErrorCodes.INVALID_PARAMS);
  });

  it('is human-only: no decision action kind can accept an ADR (the brain path never reaches this method)', () => {
    expect(ACTION_KINDS.some((k) => /adr|accept/i.test(k))).toBe(false);
  });
});
