import { describe, expect, it } from 'vitest';
import { acceptText, adrField, missingForAccept, nextId, normaliseId, renderAdr, slugify } from './record.js';

const fresh = (links: Record<string, string> = {}): string =>
  ['---', 'status: Proposed', 'date: 2026-01-01', 'deciders: coord, human', `verify_record: ${links.verify_record ?? ''}`,
    `canary_record: ${links.canary_record ?? ''}`, `rollback: ${links.rollback ?? ''}`, '---', '', '# 0001. T', '', 'status: in the body', 'date: body'].join('\n');

describe('ADR records (spec §9)', () => {
  it('acceptance 48: slug of a title, `decision` for punctuation only; next id after the max prefix', () => {
    expect(slugify('Choose the job queue: Redis vs SQS')).toBe('choose-the-job-queue-redis-vs-sqs');
    expect(slugify('!!! ???')).toBe('decision');
    expect(nextId([])).toBe('0001');
    expect(nextId(['0001-a.md', '0007-b.md', 'README.md', '12-x.md', '0003-c.txt'])).toBe('0008');
  });

  it('normalises ids: 7, 0007, ADR-7 → 0007; no digits → null', () => {
    expect(normaliseId('7')).toBe('0007');
    expect(normaliseId('0007')).toBe('0007');
    expect(normaliseId('ADR-7')).toBe('0007');
    expect(normaliseId('abc')).toBeNull();
  });

  it('acceptance 49: a fresh record misses both links; verify + canary is enough; verify + rollback too', () => {
    expect(missingForAccept(fresh())).toEqual(['verify_record', 'rollback (or canary_record)']);
    expect(missingForAccept(fresh({ verify_record: 'v.md' }))).toEqual(['rollback (or canary_record)']);
    expect(missingForAccept(fresh({ rollback: 'git revert' }))).toEqual(['verify_record']);
    expect(missingForAccept(fresh({ verify_record: 'v.md', canary_record: 'c.md' }))).toEqual([]);
    expect(missingForAccept(fresh({ verify_record: 'v.md', rollback: 'git revert' }))).toEqual([]);
    // YAML-empty values link nothing: `""`, `~`, `null`, a comment alone.
    for (const empty of ['""', "''", '~', 'null', '# TODO link it']) {
      expect(missingForAccept(fresh({ verify_record: empty, rollback: empty })), empty).toEqual(['verify_record', 'rollback (or canary_record)']);
    }
    expect(missingForAccept(fresh({ verify_record: 'runs/v#3.md', canary_record: '"c.md"' }))).toEqual([]);
  });

  it('reads fields from the frontmatter only when there is one (a body `verify_record:` does not count)', () => {
    const text = fresh().replace('status: in the body', 'verify_record: body-only');
    expect(adrField(text, 'verify_record')).toBe('');
    expect(adrField('no frontmatter\nverify_record: x\n', 'verify_record')).toBe('x');
  });

  it('accept rewrites status and date in the frontmatter only (quirk 7 fixed) and reports the old status', () => {
    const r = acceptText(fresh({ verify_record: 'v', rollback: 'r' }), '2026-11-21');
    expect(r.oldStatus).toBe('Proposed');
    expect(r.text).toContain('---\nstatus: Accepted\ndate: 2026-11-21\n');
    expect(r.text).toContain('status: in the body\ndate: body');
  });

  it('renders a new record: spec frontmatter order, heading `# <id>. <title>`, template body kept', () => {
    const t = renderAdr('---\nstatus: X\n---\n\n# 0000. Short title\n\n## Context and Problem Statement\n', { id: '0002', title: 'Use SQLite', date: '2026-11-21', deciders: 'coord, human' });
    expect(t).toBe('---\nstatus: Proposed\ndate: 2026-11-21\ndeciders: coord, human\nverify_record:\ncanary_record:\nrollback:\n---\n\n# 0002. Use SQLite\n\n## Context and Problem Statement\n');
    expect(renderAdr('plain body', { id: '0001', title: 'T', date: 'd', deciders: 'x' })).toContain('---\n\n# 0001. T\nplain body\n');
  });
});
