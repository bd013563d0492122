/** The deck's snapshot extras read from real files in a temp dir (ADRs and their links, restarts, newest transcript, stale pid). */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newestTranscript, readAdrs, readRestarts, stalePid } from '../../engine/protocol/snapshot-extras.js';

let dir: string | null = null;
afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); dir = null; });
const tmp = (): string => (dir = mkdtempSync(join(tmpdir(), 'ldk-extras-')));
const put = (p: string, text: string): string => { mkdirSync(join(p, '..'), { recursive: true }); writeFileSync(p, text); return p; };

describe('snapshot extras', () => {
  it('reads ADR links: linked only with a verify record and a rollback or canary', () => {
    const root = tmp();
    put(join(root, 'docs/adr/0001-a.md'), '---\nstatus: Proposed\nverify_record: docs/v.md\ncanary_record:\nrollback:\n---\n\n# 0001. A\n');
    put(join(root, 'docs/adr/0002-b.md'), '---\nstatus: Proposed\nverify_record: docs/v.md\nrollback: "git revert abc"\n---\n\n# 0002. B\n');
    const adrs = readAdrs(root);
    expect(adrs.map((a) => [a.id, a.linked, a.rollback])).toEqual([['0002', true, 'git revert abc'], ['0001', false, null]]);
    expect(readAdrs(join(root, 'nope'))).toEqual([]);
  });

  it('counts restarts per lane, skipping giving-up and corrupt lines', () => {
    const d = tmp();
    put(join(d, 'lane-restarts.jsonl'), '{"lane":"web"}\n{"lane":"web","event":"restart"}\n{"lane":"web","event":"giving-up"}\nnot json\n{"lane":"infra"}\n');
    expect(readRestarts(d)).toEqual({ web: 2, infra: 1 });
    expect(readRestarts(join(d, 'none'))).toEqual({});
  });

  it('finds the newest prompt across brain/ and ingest/', () => {
    const e = tmp();
    const a = put(join(e, 'brain/20261121-100000.prompt.md'), 'p');
    const b = put(join(e, 'ingest/20261121-100500.prompt.md'), 'p');
    utimesSync(a, 1000, 1000);
    utimesSync(b, 2000, 2000);
    expect(newestTranscript(e)).toMatchObject({ source: 'ingest', prompt_path: b, response_path: b.replace('.prompt.md', '.response.md') });
    expect(newestTranscript(join(e, 'none'))).toBeNull();
  });

  it('calls a pid file stale only when its process is gone', () => {
    const e = tmp();
    expect(stalePid(e)).toBeNull();
    put(join(e, 'engine.pid'), `${process.pid}\n`);
    expect(stalePid(e)).toBeNull();
    put(join(e, 'engine.pid'), '999999999\n');
    expect(stalePid(e)).toBe(999999999);
    put(join(e, 'engine.pid'), 'garbage');
    expect(stalePid(e)).toBeNull();
  });
});
