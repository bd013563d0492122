/**
 * The full YAML check of task frontmatter (spec/wiki-tasks-pm-deck.md §5.5), in a module of its own so
 * lint-dir.ts loads the YAML library only when some frontmatter is not plain (`await import('./yaml-check.js')`).
 */
import { parseDocument } from 'yaml';
import type { YamlCheck } from './lint.js';

/** Parse errors and non-mappings of one frontmatter block, with the line inside the block; null when fine. */
export const yamlCheck: YamlCheck = (yaml) => {
  const doc = parseDocument(yaml, { uniqueKeys: true });
  const e = doc.errors[0];
  if (e) return { line: e.linePos?.[0]?.line ?? 1, message: `frontmatter is not valid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?\s*$/, '')}` };
  const v: unknown = doc.toJS();
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? null : { line: 1, message: 'frontmatter is not a YAML mapping' };
};
