/**
 * Shared pieces of sub-b's contract tests (dispatch, lane-status, digest, adr, harness, config): exact JSON key
 * sets and `--help` flag lists, so a renamed field or a dropped flag fails here (CONTRACT.md v1 is additive only).
 * Not a test file.
 */
import { expect } from 'vitest';
import type { CliResult } from '../helpers/cli.js';

/** The document's own keys are exactly `keys` (order free) and it says contract_version 1 when `versioned`. */
export function expectShape(doc: unknown, keys: string[], versioned = false): void {
  expect(doc !== null && typeof doc === 'object' && !Array.isArray(doc), `object expected, got ${JSON.stringify(doc)}`).toBe(true);
  expect(Object.keys(doc as object).sort()).toEqual([...keys].sort());
  if (versioned) expect((doc as { contract_version: unknown }).contract_version).toBe(1);
}

/** `--help` output lists every flag of `flags`. */
export function expectFlags(help: CliResult, flags: string[]): void {
  expect(help.code).toBe(0);
  for (const f of flags) expect(help.stdout, `--help lists ${f}`).toContain(f);
}

/** One-line error on stderr: `error: …` first, optionally `hint: …`, nothing else. */
export function expectOneLineError(r: CliResult, code: number, pattern: RegExp): void {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines.slice(1).every((l) => l.startsWith('hint: '))).toBe(true);
}

export const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const STATUS_WORDS = ['working', 'awaiting-approval', 'idle', 'errored', 'unknown'];
