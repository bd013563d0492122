/**
 * The engine's prompt is built on the substrate checkpoint assembly (spec/wiki-tasks-pm-deck.md §4,
 * spec/engine.md §4.8, §4.11): the header file is re-read every cycle, the compiled region is
 * projected from the ledger while the coord section is copied byte for byte, and a prompt over the
 * 48,000-token ceiling is refused (`engine once` exit 3, `checkpoint-overflow`, no brain call).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBed, FIXTURE_BIN, type Bed } from '../helpers/engine.js';
import { assertBuilt } from '../helpers/cli.js';

describe('engine prompt = checkpoint assembly + engine sections', () => {
  let bed: Bed;
  const brainDir = () => join(bed.root, '.loop/sessions/bed/engine/brain');
  const lastPrompt = () => readFileSync(join(brainDir(), readdirSync(brainDir()).filter((f) => f.endsWith('.prompt.md')).sort().pop()!), 'utf8');
  const once = () => bed.engine(['once'], { LOOP_ENGINE_BRAIN_CMD: join(FIXTURE_BIN, 'fake-brain'), FAKE_BRAIN_MODE: 'stop' });

  beforeAll(async () => {
    assertBuilt();
    bed = await makeBed({ lanes: '  web: { harness: demo }\n', engine: '  brain:\n    kind: cli\n  checkpoint:\n    header_file: my-header.md\n' });
    writeFileSync(join(bed.root, 'my-header.md'), 'HEADER VERSION ONE\n');
    writeFileSync(join(bed.root, '.loop/orchestrator-state.json'), JSON.stringify({ objective: 'ship the thing', loops: { demo: { status: 'in-progress' } } }));
  });
  afterAll(async () => { await bed?.cleanup(); });

  it('header re-read every cycle; ledger projection; coord section byte for byte', async () => {
    const page = join(bed.root, 'ops-wiki/checkpoint.md');
    writeFileSync(page, readFileSync(page, 'utf8') + '### [2026-01-01T00:00:00Z] decision d-x (approved)\n\n  odd   spacing\t\n');
    let r = await once();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    let p = lastPrompt();
    expect(p.startsWith('HEADER VERSION ONE\n\n--- ops-wiki/checkpoint.md ---\n# checkpoint\n')).toBe(true);
    expect(p).toContain('## Current objective\nship the thing\n');
    expect(p).toContain('- **demo** — status=in-progress');
    expect(p).toContain('### [2026-01-01T00:00:00Z] decision d-x (approved)\n\n  odd   spacing\t\n');
    const status = JSON.parse((await bed.engine(['status', '--json'])).stdout) as { pending_decision: { id: string } | null };
    if (status.pending_decision) expect((await bed.engine(['reject', status.pending_decision.id])).code).toBe(0);
    writeFileSync(join(bed.root, 'my-header.md'), 'HEADER VERSION TWO\n');
    r = await once();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    p = lastPrompt();
    expect(p.startsWith('HEADER VERSION TWO\n')).toBe(true);
  });

  it('over 48,000 tokens ⇒ exit 3, checkpoint-overflow, no brain call', async () => {
    const status = JSON.parse((await bed.engine(['status', '--json'])).stdout) as { pending_decision: { id: string } | null };
    if (status.pending_decision) expect((await bed.engine(['reject', status.pending_decision.id])).code).toBe(0);
    const calls = readdirSync(brainDir()).filter((f) => f.endsWith('.prompt.md')).length;
    writeFileSync(join(bed.root, 'ops-wiki/index.md'), '# index\n' + 'x'.repeat(200_000) + '\n');
    const r = await once();
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/hard ceiling of 48000/);
    const ev = (await bed.engine(['events', '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(ev.some((e) => e.event === 'checkpoint-overflow')).toBe(true);
    expect(readdirSync(brainDir()).filter((f) => f.endsWith('.prompt.md')).length).toBe(calls);
  });
});
