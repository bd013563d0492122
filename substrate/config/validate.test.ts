import { describe, expect, it } from 'vitest';
import { parseLaneConfigText, type LaneConfig } from './lane-config.js';
import { validateLaneConfig } from './validate.js';
import { formatProblem } from '../files/problems.js';

const load = (text: string): LaneConfig => {
  const one = parseLaneConfigText(text, 'lc.yaml');
  return { loaded: 'lc.yaml', files: ['lc.yaml'], lanes: one.lanes, engine: one.engine, problems: one.problems, warnings: one.warnings };
};
const check = (text: string): string[] => validateLaneConfig(load(text)).map(formatProblem);

describe('lane-config validation (spec §11.4, DESIGN §9.3)', () => {
  it('acceptance 8: only `engine:` → no lanes found; `1web` fails; `kind: bogus` fails, each with line and dotted key', () => {
    expect(check('engine:\n  approval_mode: manual\n')).toEqual(['lc.yaml: no lanes found in lc.yaml']);
    expect(check('lanes:\n  1web: { harness: pi }\n')[0]).toMatch(/^lc\.yaml:2: lanes\.1web: .*letter/);
    expect(check('lanes:\n  web:\n    harness: pi\n    kind: bogus\n')[0]).toBe("lc.yaml:4: lanes.web.kind: invalid kind 'bogus' (standing | worker)");
  });

  it("a problem's line is its key's line: a numeric lane name, a block-mapping lane, a nested unknown key", () => {
    expect(check('lanes:\n  coord: { harness: pi }\n  123: { harness: pi }\n')[0]).toMatch(/^lc\.yaml:3: lanes\.123: .*letter/);
    expect(check('lanes:\n  web: { harness: pi }\n  "bad name":\n    harness: pi\n')[0]).toMatch(/^lc\.yaml:3: lanes\.bad name: .*letter/);
    expect(check('lanes:\n  web:\n    harness: pi\n    bogus:\n      - 1\n')).toEqual(["lc.yaml:4: lanes.web.bogus: unknown key 'bogus'"]);
  });

  it('a numeric scalar keeps its text as written (model: 4.10 is not 4.1)', () => {
    const cfg = load('lanes:\n  web: { harness: codex, model: 4.10 }\n  infra: { harness: pi, model: 0x1F }\n');
    expect(cfg.lanes.map((l) => l.spec.model)).toEqual(['4.10', '0x1F']);
  });

  it('missing and unknown harness name the lane key and list the known harnesses', () => {
    const p = check('lanes:\n  web: { harness: nope }\n  docs:\n    role: docs\n');
    expect(p[0]).toMatch(/^lc\.yaml:2: lanes\.web\.harness: unknown harness 'nope' \(known: pi claude/);
    expect(p[1]).toMatch(/^lc\.yaml:\d: lanes\.docs\.harness: missing harness$/);
  });

  it('unknown keys and wrong types are errors with their line; the valid lanes are still kept', () => {
    const cfg = load('lanes:\n  web: { harness: pi, modle: x }\n  infra: { harness: claude }\n  ops: [1]\n');
    expect(validateLaneConfig(cfg).map(formatProblem)).toEqual(["lc.yaml:2: lanes.web.modle: unknown key 'modle'", expect.stringMatching(/^lc\.yaml:4: lanes\.ops: /)]);
    expect(cfg.lanes.map((l) => l.name)).toEqual(['infra']);
  });

  it('numbers become strings; a YAML boolean becomes "true"/"false" with a located warning, not an error', () => {
    const cfg = load('lanes:\n  web:\n    harness: codex\n    model: 5\n    role: true\n');
    expect(validateLaneConfig(cfg)).toEqual([]);
    expect(cfg.lanes[0]!.spec).toMatchObject({ model: '5', role: 'true' });
    expect(cfg.warnings.map(formatProblem)).toEqual([expect.stringMatching(/^lc\.yaml:5: lanes\.web\.role: YAML boolean/)]);
  });

  it('a YAML syntax error is one located problem', () => {
    expect(check('lanes:\n  web: { harness: pi\n')[0]).toMatch(/^lc\.yaml:\d+: /);
  });
});
