/**
 * Lane-config validation (spec/substrate.md §11.4) over a loaded config: no lanes at all, and per lane a missing
 * harness, an unknown harness (listing the known ones) or an invalid kind — each a located problem (file, line,
 * dotted key), after the parse/schema problems the loader already found. Pure.
 */
import type { LaneConfig } from './lane-config.js';
import type { FileProblem } from '../files/problems.js';
import { harnessNames, isKnownHarness } from '../harness/registry.js';

/** Every problem of `cfg`, loader problems first. Empty = valid. */
export function validateLaneConfig(cfg: LaneConfig): FileProblem[] {
  const problems = [...cfg.problems];
  const file = cfg.files[0] ?? cfg.loaded;
  if (cfg.lanes.length === 0 && problems.length === 0) problems.push({ file, message: `no lanes found in ${cfg.loaded || file}` });
  for (const l of cfg.lanes) {
    const where = { file: l.file ?? file, line: l.line };
    if (!l.spec.harness) problems.push({ ...where, key: `lanes.${l.name}.harness`, message: 'missing harness' });
    else if (!isKnownHarness(l.spec.harness)) problems.push({ ...where, line: l.harnessLine ?? l.line, key: `lanes.${l.name}.harness`, message: `unknown harness '${l.spec.harness}' (known: ${harnessNames().join(' ')})` });
  }
  return problems;
}
