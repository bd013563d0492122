/**
 * The decision contract v1 parser (spec/engine.md §5): find the last ```decision fence in a brain
 * reply, YAML-load its body, validate the top level and every action, and return typed actions
 * with all defaults filled. Pure: no I/O, no clock (the cycle stamps the decision id). Never throws.
 */
import { z } from 'zod';
import { Composer, Lexer, Parser } from 'yaml';
import type { CST } from 'yaml';
import { ACTION_KINDS } from '../protocol/decision.js';
import type { ActionKind, ParsedDecision } from '../protocol/decision.js';
import { show, TEXT_CAP, validateActionFields, CONTROL_CHARS } from './action-schemas.js';
import type { ParseContext } from './action-schemas.js';

export type { ParseContext } from './action-schemas.js';
export type ParseResult = { ok: true; decision: ParsedDecision } | { ok: false; error: string };

/** Most actions in one decision (spec §5.2 rule 4). */
export const MAX_ACTIONS = 8;
/**
 * Most characters in a decision block body. Not in spec §5: a bound so that a runaway reply is
 * refused in milliseconds instead of being YAML-parsed for seconds. 8 actions at the text cap fit
 * twice over.
 */
export const MAX_BLOCK_CHARS = 2 * MAX_ACTIONS * TEXT_CAP;
/** Deepest collection nesting the YAML composer is allowed to recurse into. */
export const MAX_NESTING = 64;
/** Most YAML lexemes in a block; a full 8-action decision uses a few hundred. Bounds the composer's cost. */
export const MAX_YAML_TOKENS = 5000;

/** Kinds the contract knows but this engine does not execute, with the refusal text (none since the headless drive landed). */
export const REFUSED_KINDS: Partial<Record<ActionKind, string>> = {};
/** The kinds a brain may use in this release, in contract order. */
export const SUPPORTED_KINDS: readonly ActionKind[] = ACTION_KINDS.filter((k) => REFUSED_KINDS[k] === undefined);

const OPEN = '```decision';
const FENCE = '```';

/**
 * The body of the last ```decision fence in `raw` (spec §5.1), or null when there is none.
 * A fence is three backticks, `decision`, optional spaces/tabs, a newline, then the shortest body
 * up to the next three backticks (which need not start a line). Scans from the end, so the cost
 * stays linear in `raw` however many openers it holds.
 */
export function extractDecisionBlock(raw: string): string | null {
  let from = raw.length;
  while (from >= 0) {
    const at = raw.lastIndexOf(OPEN, from);
    if (at < 0) return null;
    from = at - 1;
    let i = at + OPEN.length;
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    if (raw[i] !== '\n') continue;
    const close = raw.indexOf(FENCE, i + 1);
    if (close >= 0) return raw.slice(i + 1, close);
  }
  return null;
}

/** What a YAML value is, in words, for "must be a mapping/list" errors. */
function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'an empty block';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v} (${show(v)})`;
}

/**
 * Collection nesting depth of a CST, walked with an explicit stack and cut off past `limit`.
 * Guards the recursive composer: near stack exhaustion V8 may abort the whole process (a fatal
 * out-of-memory while compiling a regex), which no try/catch can stop.
 */
function nestingDepth(tokens: readonly unknown[], limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = tokens.map((t) => [t, 0]);
  while (stack.length > 0 && max <= limit) {
    const [t, d] = stack.pop() as [unknown, number];
    if (typeof t !== 'object' || t === null) continue;
    const tok = t as { value?: unknown; items?: Array<{ key?: unknown; value?: unknown }> };
    if (Array.isArray(tok.items)) {
      max = Math.max(max, d + 1);
      for (const it of tok.items) stack.push([it.key, d + 1], [it.value, d + 1]);
    } else if (typeof tok.value === 'object') stack.push([tok.value, d]);
  }
  return max;
}

/** `line L, column C` (1-based) of an offset in `text`. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** Lex the body into a CST, refusing bodies with more than MAX_YAML_TOKENS lexemes (cost guard). */
function lexAndParse(body: string): { ok: true; tokens: CST.Token[] } | { ok: false; why: string } {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let count = 0;
  for (const lexeme of new Lexer().lex(body)) {
    if (++count > MAX_YAML_TOKENS) return { ok: false, why: `more than ${MAX_YAML_TOKENS} YAML tokens; a decision needs far fewer` };
    for (const t of parser.next(lexeme)) tokens.push(t);
  }
  for (const t of parser.end()) tokens.push(t);
  return { ok: true, tokens };
}

/** YAML body → plain JS value, or an error message (invalid YAML, several documents, too big or deep, alias bomb). */
function loadYaml(body: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const invalid = (why: string) => ({ ok: false as const, error: `the decision block is not valid YAML: ${why}` });
  try {
    const cst = lexAndParse(body);
    if (!cst.ok) return invalid(cst.why);
    if (nestingDepth(cst.tokens, MAX_NESTING) > MAX_NESTING) return invalid(`nested deeper than ${MAX_NESTING} levels`);
    const docs = [...new Composer({ logLevel: 'silent' }).compose(cst.tokens, true, body.length)];
    if (docs.length > 1) return invalid('it holds more than one YAML document (remove the --- separators)');
    const doc = docs[0];
    if (doc === undefined) return { ok: true, value: null };
    const first = doc.errors[0];
    if (first !== undefined) return invalid(`${first.message.split('\n')[0] ?? ''} (${lineCol(body, first.pos[0])})`);
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (e) {
    return invalid(e instanceof Error ? e.message : String(e));
  }
}

const TOP = z.object({
  version: z.custom<1>((v) => v === 1, { error: (iss) => `version must be the integer 1 (got ${show(iss.input)})` }),
  critique: z.custom<string>((v) => typeof v === 'string' && v.trim() !== '', { error: (iss) => `critique must be a non-empty string (got ${show(iss.input)})` })
    .refine((s) => !CONTROL_CHARS.test(s), { error: 'critique contains a control character (only newline and tab are allowed)' }),
  actions: z.custom<unknown[]>((v) => Array.isArray(v), { error: (iss) => `actions must be a list, possibly empty (got ${kindOf(iss.input)})` })
    .refine((a) => a.length <= MAX_ACTIONS, { error: (iss) => `at most ${MAX_ACTIONS} actions are allowed in one decision (got ${(iss.input as unknown[]).length}); keep the most important ${MAX_ACTIONS}` }),
});

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Extract the LAST ```decision fence (spec §5.1) and validate it (spec §5.2–5.3).
 * `ctx.liveLanes` are the snapshot's lane names (may include coord); `ctx.worktreeLanes` the ledger
 * windows with a branch. Returns `{ok: true, decision: {critique, actions, raw_text}}` with every
 * action's optional fields filled with defaults and unknown keys dropped; or `{ok: false, error}`
 * with the first problem, phrased for the corrective re-prompt (per-action errors are prefixed
 * `action <idx> (<kind>): `). `task_status` may only move a task to in-progress or review. Never throws; returns promptly on
 * arbitrarily large input.
 */
export function parseDecision(raw: string, ctx: ParseContext): ParseResult {
  try {
    return parseUnsafe(raw, ctx);
  } catch (e) {
    return { ok: false, error: `the decision could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function parseUnsafe(raw: string, ctx: ParseContext): ParseResult {
  const body = extractDecisionBlock(raw);
  if (body === null) {
    return { ok: false, error: 'no ```decision block found; reply with one block that opens with ```decision on its own line, holds YAML with version, critique and actions, and closes with ```' };
  }
  if (body.length > MAX_BLOCK_CHARS) {
    return { ok: false, error: `the decision block is ${body.length} characters, at most ${MAX_BLOCK_CHARS} allowed; keep payloads short and the critique to a few sentences` };
  }
  const loaded = loadYaml(body);
  if (!loaded.ok) return loaded;
  if (!isMapping(loaded.value)) {
    return { ok: false, error: `the decision block must be a YAML mapping with version, critique and actions (got ${kindOf(loaded.value)})` };
  }
  const top = TOP.safeParse(loaded.value);
  if (!top.success) return { ok: false, error: top.error.issues[0]?.message ?? 'invalid decision' };

  const actions: ParsedDecision['actions'] = [];
  for (const [idx, item] of top.data.actions.entries()) {
    if (!isMapping(item)) return { ok: false, error: `action ${idx}: must be a mapping with a kind field (got ${kindOf(item)})` };
    const kind = item['kind'];
    const label = typeof kind === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(kind) ? kind : '?';
    const prefix = `action ${idx} (${label}): `;
    if (typeof kind !== 'string' || !(ACTION_KINDS as readonly string[]).includes(kind)) {
      const what = kind === undefined ? 'kind is missing' : `unknown kind ${show(kind)}`;
      return { ok: false, error: `${prefix}${what}; valid kinds: ${SUPPORTED_KINDS.join(', ')}` };
    }
    const k = kind as ActionKind;
    const refused = REFUSED_KINDS[k];
    if (refused !== undefined) return { ok: false, error: `${prefix}${refused}` };
    const res = validateActionFields(k, item, ctx);
    if (!res.ok) return { ok: false, error: `${prefix}${res.error}` };
    actions.push(res.action);
  }
  return { ok: true, decision: { critique: top.data.critique, actions, raw_text: raw } };
}

/**
 * The corrective re-prompt of spec §4.10 step 16: the original prompt plus
 * `\n\nYour previous reply could not be used: <error>. Reply with ONLY the fenced decision block.`
 * A trailing period on `error` is dropped so the sentence does not end in `..`.
 */
export function correctivePrompt(prompt: string, error: string): string {
  return `${prompt}\n\nYour previous reply could not be used: ${error.replace(/\.$/, '')}. Reply with ONLY the fenced decision block.`;
}
