import { describe, expect, it } from 'vitest';
import { headlessIngestPrompt, ingestBootProblems, ingestSection, nudgeText, DEFAULT_INGEST_PROTOCOL } from './ingest-modes.js';
import { defaultEngineConfig } from '../config.js';

describe('ingest modes (spec §4.5, §4.14)', () => {
  it('extracts exactly the ### Ingest protocol section', () => {
    expect(ingestSection('# A\n### Ingest protocol\n1. x\n2. y\n## Next\nz')).toBe('### Ingest protocol\n1. x\n2. y');
    expect(ingestSection('### Ingest protocol\na\n### Other\nb')).toBe('### Ingest protocol\na');
    expect(ingestSection('## Ingest protocol\na')).toBe('');
  });
  it('builds the headless prompt with the pending names oldest first, falling back to the built-in protocol', () => {
    const p = headlessIngestPrompt('/r', ['a.md', 'b.md'], '');
    expect(p).toContain('There are 2 pending mailbox message(s) in /r/.loop/messages.');
    expect(p).toContain(DEFAULT_INGEST_PROTOCOL);
    expect(p.endsWith('--- pending messages (oldest first) ---\na.md\nb.md')).toBe(true);
    expect(nudgeText(1)).toMatch(/^There is 1 pending mailbox message/);
  });
  it('boot problems only in headless mode; one-shot-less harness and brain_allow are named', () => {
    const c = defaultEngineConfig();
    expect(ingestBootProblems(c, {})).toEqual([]);
    c.ingest.mode = 'headless';
    expect(ingestBootProblems(c, {})).toEqual([]);
    c.ingest.harness = 'pi';
    expect(ingestBootProblems(c, {})[0]).toMatch(/ingest\.harness 'pi' has no one-shot mode/);
    expect(ingestBootProblems(c, { LOOP_ENGINE_INGEST_CMD: 'x' })).toEqual([]);
    c.harness_policy.brain_allow = ['claude'];
    expect(ingestBootProblems(c, {})[0]).toMatch(/not in harness_policy\.brain_allow/);
  });
});
