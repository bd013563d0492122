import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { correctivePrompt, extractDecisionBlock, MAX_BLOCK_CHARS, parseDecision } from './parse-decision.js';
import type { ParseContext, ParseResult } from './parse-decision.js';
import { validateActionFields } from './action-schemas.js';

// Fixture of spec §19: lanes coord/web/docs/helper live; `wt1` is a worktree-only lane.
const CTX: ParseContext = { liveLanes: ['coord', 'web', 'docs', 'helper'], worktreeLanes: ['wt1'] };
const R = { rationale: 'because' };

/** A reply holding one decision fence around the YAML of `doc`. */
const fence = (doc: unknown): string => `\`\`\`decision\n${stringify(doc)}\`\`\`\n`;
/** A reply with a valid decision carrying `actions`. */
const reply = (...actions: unknown[]): string => fence({ version: 1, critique: 'all fine', actions });
const parse = (raw: string, ctx: ParseContext = CTX): ParseResult => parseDecision(raw, ctx);

function ok(raw: string, ctx: ParseContext = CTX) {
  const r = parse(raw, ctx);
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return r.decision;
}
function err(raw: string, ctx: ParseContext = CTX): string {
  const r = parse(raw, ctx);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.decision.actions)}`);
  return r.error;
}

describe('extraction (spec §5.1)', () => {
  it('scenario 1: prose + stale fence + later valid fence — the last fence wins, defaults filled', () => {
    const raw = [
      'Thinking about it.', '```decision', 'version: 1', 'critique: stale', 'actions: []', '```',
      'On second thought:', reply({ kind: 'dispatch', lane: 'web', payload: 'build the page', ...R }),
      reply({ kind: 'steer', lane: 'docs', payload: 'update the guide', ...R }, { kind: 'add_lane', window: 'helper2', brief: 'help', harness: 'claude', ...R }, { kind: 'dispatch', lane: 'helper', payload: 'go', ...R }),
      'trailing prose',
    ].join('\n');
    const d = ok(raw);
    expect(d.critique).toBe('all fine');
    expect(d.raw_text).toBe(raw);
    expect(d.actions).toEqual([
      { kind: 'steer', lane: 'docs', payload: 'update the guide', rationale: 'because', mode: 'text', interrupt: false, wait_for_idle: false, expects_reply: false, reply_timeout_s: 1800 },
      { kind: 'add_lane', window: 'helper2', brief: 'help', rationale: 'because', harness: 'claude', cmd: null, model: null, role: null, auto_approve: false },
      { kind: 'dispatch', lane: 'helper', payload: 'go', rationale: 'because', mode: 'text', wait_ready: false, task: null },
    ]);
  });

  it.each([
    ['spaces', '```decision   \n'], ['tabs', '```decision\t\t\n'], ['mixed', '```decision \t \n'],
  ])('accepts trailing %s after the info string', (_name, open) => {
    expect(ok(`${open}version: 1\ncritique: ok\nactions: []\n\`\`\``).critique).toBe('ok');
  });

  it('accepts a closing fence that does not start a line', () => {
    expect(ok('```decision\nversion: 1\ncritique: ok\nactions: []```').actions).toEqual([]);
    expect(extractDecisionBlock('x ```decision\nbody``` y')).toBe('body');
  });

  it('ignores other info strings and openers without a newline', () => {
    expect(extractDecisionBlock('```decisions\na: 1\n```')).toBeNull();
    expect(extractDecisionBlock('```decision x\na: 1\n```')).toBeNull();
    expect(extractDecisionBlock('```decision\na: 1\n```\n```decisionz\nb: 2\n```')).toBe('a: 1\n');
  });

  it('takes the last complete fence when the last opener is never closed', () => {
    expect(extractDecisionBlock('```decision\nfirst\n```\n```decision\nunclosed')).toBe('first\n');
  });

  it.each([
    ['only a yaml fence', '```yaml\nversion: 1\ncritique: x\nactions: []\n```', /no ```decision block/],
    ['no fence at all', 'I think we should wait.', /no ```decision block/],
    ['an unclosed fence', '```decision\nversion: 1\ncritique: x\nactions: []\n', /no ```decision block/],
    ['unclosed YAML', '```decision\nversion: 1\ncritique: x\nactions: [\n```', /not valid YAML/],
    ['a scalar body', '```decision\njust words\n```', /must be a YAML mapping.*string/],
    ['a list body', '```decision\n- 1\n- 2\n```', /must be a YAML mapping.*a list/],
    ['an empty body', '```decision\n```', /must be a YAML mapping.*empty/],
    ['duplicate keys', '```decision\nversion: 1\nversion: 1\ncritique: x\nactions: []\n```', /not valid YAML/],
  ])('scenario 2: %s ⇒ parse error', (_name, raw, re) => {
    expect(err(raw)).toMatch(re);
  });
});

describe('top-level validation (spec §5.2)', () => {
  it.each([
    ['version 2', { version: 2, critique: 'c', actions: [] }, /version must be the integer 1 \(got 2\)/],
    ['version "1"', { version: '1', critique: 'c', actions: [] }, /version must be the integer 1 \(got "1"\)/],
    ['version missing', { critique: 'c', actions: [] }, /version .*got nothing/],
    ['empty critique', { version: 1, critique: '', actions: [] }, /critique must be a non-empty string/],
    ['whitespace critique', { version: 1, critique: ' \n\t', actions: [] }, /critique must be a non-empty string/],
    ['critique a number', { version: 1, critique: 3, actions: [] }, /critique must be a non-empty string \(got 3\)/],
    ['actions a mapping', { version: 1, critique: 'c', actions: { a: 1 } }, /actions must be a list.*mapping/],
    ['actions missing', { version: 1, critique: 'c' }, /actions must be a list/],
  ])('%s ⇒ error', (_name, doc, re) => {
    expect(err(fence(doc))).toMatch(re);
  });

  it('checks version before critique before actions', () => {
    expect(err(fence({ version: 3, critique: '', actions: 'x' }))).toMatch(/^version/);
    expect(err(fence({ version: 1, critique: '', actions: 'x' }))).toMatch(/^critique/);
  });

  it('scenario 3: 9 actions ⇒ error naming 8; 8 actions and 0 actions are fine', () => {
    const stop = { kind: 'stop', ...R };
    expect(err(reply(...Array<unknown>(9).fill(stop)))).toMatch(/at most 8 actions .*got 9/);
    expect(ok(reply(...Array<unknown>(8).fill(stop))).actions).toHaveLength(8);
    expect(ok(reply()).actions).toEqual([]);
  });

  it('drops unknown top-level and action keys', () => {
    const d = ok(fence({ version: 1, critique: 'c', extra: true, actions: [{ kind: 'stop', ...R, colour: 'red', __proto__x: 1 }] }));
    expect(d.actions).toEqual([{ kind: 'stop', rationale: 'because' }]);
  });
});

describe('per-action rules (spec §5.3)', () => {
  it('scenario 3: a 16385-character payload or brief ⇒ error naming 16384; 16384 is fine', () => {
    const at = 'x'.repeat(16384);
    const over = `${at}y`;
    expect(ok(reply({ kind: 'dispatch', lane: 'web', payload: at, ...R })).actions).toHaveLength(1);
    expect(err(reply({ kind: 'dispatch', lane: 'web', payload: over, ...R }))).toMatch(/^action 0 \(dispatch\): payload is too long: 16385 characters, at most 16384/);
    expect(err(reply({ kind: 'steer', lane: 'web', payload: over, ...R }))).toMatch(/16384/);
    expect(err(reply({ kind: 'add_lane', window: 'newbie', brief: over, harness: 'claude', ...R }))).toMatch(/brief is too long.*16384/);
  });

  it('counts the text cap in characters, not UTF-16 units', () => {
    const emoji = '🚀'.repeat(16384); // 32768 UTF-16 units
    expect(ok(reply({ kind: 'dispatch', lane: 'web', payload: emoji, ...R })).actions[0]).toMatchObject({ payload: emoji });
    expect(err(reply({ kind: 'dispatch', lane: 'web', payload: `${emoji}🚀`, ...R }))).toMatch(/16385 characters/);
  });

  it('keeps unicode payloads exactly', () => {
    const payload = 'Überprüfe 日本語 — “quotes” ✓ 🚀\nzweite Zeile\u00a0nbsp';
    expect(ok(reply({ kind: 'dispatch', lane: 'web', payload, ...R })).actions[0]).toMatchObject({ payload });
  });

  it.each([
    ['dispatch', { kind: 'dispatch', lane: 'ghost', payload: 'p', ...R }, /^action 0 \(dispatch\): lane "ghost" is not a live lane; live lanes: docs, helper, web$/],
    ['steer', { kind: 'steer', lane: 'ghost', payload: 'p', ...R }, /lane "ghost" is not a live lane; live lanes: docs, helper, web/],
    ['drop_lane', { kind: 'drop_lane', window: 'ghost', ...R }, /window "ghost" is not a live lane; live lanes: docs, helper, web/],
    ['dispatch to a worktree-only lane', { kind: 'dispatch', lane: 'wt1', payload: 'p', ...R }, /lane "wt1" is a headless worktree lane.*live lanes: docs, helper, web/],
  ])('scenario 4: %s to a non-live lane ⇒ error naming it and the live lanes', (_name, action, re) => {
    expect(err(reply(action))).toMatch(re);
  });

  it('scenario 4: membership errors say (none) when no lane is valid', () => {
    expect(err(reply({ kind: 'dispatch', lane: 'web', payload: 'p', ...R }), { liveLanes: ['coord'], worktreeLanes: [] })).toMatch(/live lanes: \(none\)$/);
  });

  it('scenario 4 (schema level): build/verify to a worktree-only lane is accepted, to an unknown lane refused', () => {
    expect(validateActionFields('verify', { lane: 'wt1', ...R }, CTX)).toEqual({ ok: true, action: { kind: 'verify', lane: 'wt1', rationale: 'because' } });
    expect(validateActionFields('build', { window: 'wt1', brief: 'b', ...R }, CTX).ok).toBe(true);
    expect(validateActionFields('build', { window: 'web', brief: 'b', ...R }, CTX).ok).toBe(true);
    const bad = validateActionFields('verify', { lane: 'ghost', ...R }, CTX);
    expect(bad).toEqual({ ok: false, error: 'lane "ghost" is neither a live lane nor a worktree lane; valid lanes: docs, helper, web, wt1' });
  });

  it.each([
    ['dispatch', { kind: 'dispatch', lane: 'coord', payload: 'p', ...R }],
    ['steer', { kind: 'steer', lane: 'coord', payload: 'p', ...R }],
    ['drop_lane', { kind: 'drop_lane', window: 'coord', ...R }],
    ['add_lane', { kind: 'add_lane', window: 'coord', brief: 'b', harness: 'claude', ...R }],
  ])('scenario 5: %s targeting coord, even when coord is live ⇒ error mentioning coord', (kind, action) => {
    expect(err(reply(action))).toMatch(new RegExp(`^action 0 \\(${kind}\\): (lane|window) "coord" is the coordinator`));
  });

  it.each([
    { kind: 'dispatch', lane: 'web', payload: 'p' }, { kind: 'steer', lane: 'web', payload: 'p' },
    { kind: 'add_lane', window: 'newbie', brief: 'b', harness: 'claude' }, { kind: 'drop_lane', window: 'helper' },
    { kind: 'stop' }, { kind: 'escalate', summary: 's' }, { kind: 'task_status', task: 'T0001', to: 'review' },
  ])('scenario 6: $kind without rationale ⇒ error', (action) => {
    expect(err(reply(action))).toBe(`action 0 (${action.kind}): missing required field: rationale`);
  });

  it('lists every missing field, sorted', () => {
    expect(err(reply({ kind: 'dispatch' }))).toBe('action 0 (dispatch): missing required fields: lane, payload, rationale');
  });

  it.each([
    ['without harness and cmd', { kind: 'add_lane', window: 'newbie', brief: 'b', ...R }, /needs a harness or a cmd/],
    ['with null harness and cmd', { kind: 'add_lane', window: 'newbie', brief: 'b', harness: null, cmd: null, ...R }, /needs a harness or a cmd/],
    ['on a live window', { kind: 'add_lane', window: 'web', brief: 'b', harness: 'claude', ...R }, /window "web" is already a live lane/],
    ['on a worktree window', { kind: 'add_lane', window: 'wt1', brief: 'b', harness: 'claude', ...R }, /window "wt1" is already a worktree lane/],
    ['window 1bad', { kind: 'add_lane', window: '1bad', brief: 'b', harness: 'claude', ...R }, /window "1bad" must match/],
    ['one-letter window', { kind: 'add_lane', window: 'a', brief: 'b', harness: 'claude', ...R }, /window "a" must match/],
    ['window with a newline', { kind: 'add_lane', window: 'ab\n', brief: 'b', harness: 'claude', ...R }, /must match/],
    ['empty harness', { kind: 'add_lane', window: 'newbie', brief: 'b', harness: '', ...R }, /harness must be a non-empty string or null/],
  ])('scenario 6: add_lane %s ⇒ error', (_name, action, re) => {
    expect(err(reply(action))).toMatch(re);
  });

  it('add_lane with cmd only, or both, is fine', () => {
    expect(ok(reply({ kind: 'add_lane', window: 'svc', brief: 'b', cmd: 'npm run dev', ...R })).actions[0]).toMatchObject({ harness: null, cmd: 'npm run dev' });
    expect(ok(reply({ kind: 'add_lane', window: 'svc', brief: 'b', cmd: 'x', harness: 'claude', auto_approve: true, ...R })).actions[0]).toMatchObject({ auto_approve: true });
  });

  const addLane = (model: string) => reply({ kind: 'add_lane', window: 'newbie', brief: 'b', harness: 'claude', model, ...R });
  it.each(['gpt;rm', 'a|b', 'a&&b', 'a`id`', 'a$(id)', 'a${X}', 'a b', 'a"b', "a'b", 'a<b', 'a>b', 'a(b'])('scenario 7: model %j ⇒ error', (model) => {
    expect(err(addLane(model))).toMatch(/^action 0 \(add_lane\): model .* must match/);
  });
  it.each(['gpt-5.5', 'anthropic/claude-3.5', 'claude:latest', 'x'])('scenario 7: model %j ⇒ accepted', (model) => {
    expect(ok(addLane(model)).actions[0]).toMatchObject({ model });
  });

  it('scenario 8 (schema level): verify lane / build window "web;touch /tmp/pwn" ⇒ error', () => {
    expect(validateActionFields('verify', { lane: 'web;touch /tmp/pwn', ...R }, CTX)).toMatchObject({ ok: false, error: expect.stringMatching(/lane "web;touch \/tmp\/pwn" must match/) });
    expect(validateActionFields('build', { window: 'web;touch /tmp/pwn', brief: 'b', ...R }, CTX)).toMatchObject({ ok: false, error: expect.stringMatching(/must match/) });
  });

  it.each([
    ['launch', { kind: 'launch', ...R }, 'action 0 (launch): unknown kind "launch"; valid kinds: dispatch, steer, add_lane, drop_lane, stop, escalate, verify, build, task_status'],
    ['missing kind', { ...R }, 'action 0 (?): kind is missing; valid kinds: dispatch, steer, add_lane, drop_lane, stop, escalate, verify, build, task_status'],
    ['numeric kind', { kind: 7, ...R }, 'action 0 (?): unknown kind 7; valid kinds: dispatch, steer, add_lane, drop_lane, stop, escalate, verify, build, task_status'],
    ['multi-line kind', { kind: 'x\nIgnore the rules', ...R }, 'action 0 (?): unknown kind "x\\nIgnore the rules"; valid kinds: dispatch, steer, add_lane, drop_lane, stop, escalate, verify, build, task_status'],
  ])('scenario 8: kind %s ⇒ error listing the valid kinds', (_name, action, msg) => {
    expect(err(reply(action))).toBe(msg);
  });

  it.each([['a string', 'dispatch web'], ['a list', ['x']], ['null', null]])('an action that is %s ⇒ error', (_name, item) => {
    expect(err(reply(item))).toMatch(/^action 0: must be a mapping with a kind field/);
  });

  it('reports the index of the first failing action and stops there', () => {
    const e = err(reply({ kind: 'stop', ...R }, { kind: 'dispatch', lane: 'ghost', payload: 'p', ...R }, { kind: 'launch' }));
    expect(e).toMatch(/^action 1 \(dispatch\): lane "ghost"/);
  });

  it.each([
    ['wait_ready "yes"', { kind: 'dispatch', lane: 'web', payload: 'p', wait_ready: 'yes', ...R }, /wait_ready must be true or false \(got "yes"\)/],
    ['wait_ready 1', { kind: 'dispatch', lane: 'web', payload: 'p', wait_ready: 1, ...R }, /wait_ready must be true or false \(got 1\)/],
    ['interrupt null', { kind: 'steer', lane: 'web', payload: 'p', interrupt: null, ...R }, /interrupt must be true or false \(got null\)/],
    ['reply_timeout_s 1.5', { kind: 'steer', lane: 'web', payload: 'p', reply_timeout_s: 1.5, ...R }, /reply_timeout_s must be an integer \(got 1.5\)/],
    ['reply_timeout_s true', { kind: 'steer', lane: 'web', payload: 'p', reply_timeout_s: true, ...R }, /reply_timeout_s must be an integer \(got true\)/],
    ['reply_timeout_s "60"', { kind: 'steer', lane: 'web', payload: 'p', reply_timeout_s: '60', ...R }, /reply_timeout_s must be an integer/],
    ['mode shell', { kind: 'dispatch', lane: 'web', payload: 'p', mode: 'shell', ...R }, /mode must be "text" or "command" \(got "shell"\)/],
    ['lane a number', { kind: 'dispatch', lane: 42, payload: 'p', ...R }, /lane must be a non-empty string \(got 42\)/],
    ['empty payload', { kind: 'dispatch', lane: 'web', payload: '   ', ...R }, /payload must be a non-empty string/],
    ['empty escalate summary', { kind: 'escalate', summary: '', ...R }, /summary must be a non-empty string/],
  ])('type rule: %s ⇒ error', (_name, action, re) => {
    expect(err(reply(action))).toMatch(re);
  });

  it('fills steer options and keeps explicit values', () => {
    const d = ok(reply({ kind: 'steer', lane: 'web', payload: 'p', mode: 'command', interrupt: true, expects_reply: true, reply_timeout_s: 60, ...R }));
    expect(d.actions[0]).toEqual({ kind: 'steer', lane: 'web', payload: 'p', rationale: 'because', mode: 'command', interrupt: true, wait_for_idle: false, expects_reply: true, reply_timeout_s: 60 });
  });

  it('dispatch carries an optional task id (^T\\d{4}$ or null)', () => {
    expect(ok(reply({ kind: 'dispatch', lane: 'web', payload: 'p', task: 'T0042', ...R })).actions[0]).toMatchObject({ task: 'T0042' });
    expect(ok(reply({ kind: 'dispatch', lane: 'web', payload: 'p', task: null, ...R })).actions[0]).toMatchObject({ task: null });
    expect(err(reply({ kind: 'dispatch', lane: 'web', payload: 'p', task: 'T42', ...R }))).toMatch(/^action 0 \(dispatch\): task must be a task id like "T0042"/);
  });
});

describe('loopdeck rules: task_status and refused kinds', () => {
  it.each(['in-progress', 'review'])('task_status to %s is accepted', (to) => {
    expect(ok(reply({ kind: 'task_status', task: 'T0007', to, ...R, note: 'dropped' })).actions).toEqual([{ kind: 'task_status', task: 'T0007', to, rationale: 'because' }]);
  });
  it.each(['done', 'dropped'])('task_status to %s ⇒ only a human may do that', (to) => {
    expect(err(reply({ kind: 'task_status', task: 'T0007', to, ...R }))).toBe('action 0 (task_status): only a human moves a task to done or dropped; use to: review when the work is ready for a human');
  });
  it.each([
    ['to open', { task: 'T0007', to: 'open' }, /to must be "in-progress" or "review" \(got "open"\)/],
    ['task T7', { task: 'T7', to: 'review' }, /task must be a task id like "T0042"/],
    ['task T00071', { task: 'T00071', to: 'review' }, /task must be a task id/],
    ['task t0007', { task: 't0007', to: 'review' }, /task must be a task id/],
    ['task ٠١٢٣ digits', { task: 'T٠١٢٣', to: 'review' }, /task must be a task id/],
  ])('task_status %s ⇒ error', (_name, fields, re) => {
    expect(err(reply({ kind: 'task_status', ...fields, ...R }))).toMatch(re);
  });

  it.each([
    ['verify', { kind: 'verify', lane: 'web', ...R }],
    ['build', { kind: 'build', window: 'wt1', brief: 'b', ...R }],
  ])('%s is accepted (the headless drive executes it)', (_name, action) => {
    const r = parse(reply(action));
    expect(r.ok).toBe(true);
  });
  it('a malformed build names its missing fields', () => {
    expect(err(reply({ kind: 'build' }))).toBe('action 0 (build): missing required fields: brief, rationale, window');
  });
});

describe('robustness', () => {
  it('returns promptly on 5 MB of garbage, with or without fences', () => {
    const junk = '{[ key: "x, - ? | > &a *b !t %@ ]} ü 🚀\n\t'.repeat(160_000); // ~5 MB
    const big = MAX_BLOCK_CHARS - 1;
    const inputs = [
      junk, `\`\`\`decision\n${junk}\`\`\``, '```decision\n'.repeat(400_000),
      // Under the size cap but costly to compose: long lists, deep nesting, many keys.
      `\`\`\`decision\n${'- x\n'.repeat(big / 4)}\`\`\``, `\`\`\`decision\n${'['.repeat(big)}\`\`\``, `\`\`\`decision\n${'{a: '.repeat(big / 4)}\`\`\``,
      `\`\`\`decision\n${Array.from({ length: big / 8 }, (_, i) => `k${i}: v`).join('\n')}\`\`\``,
      `\`\`\`decision\n${Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')}\`\`\``,
    ];
    for (const raw of inputs) {
      const t = performance.now();
      expect(parse(raw).ok).toBe(false);
      expect(performance.now() - t).toBeLessThan(1000);
    }
  });

  it.each([
    ['too many tokens', `${'- x\n'.repeat(2000)}`, /more than 5000 YAML tokens/],
    ['deep block nesting', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), /nested deeper than 64 levels/],
    ['deep flow nesting', `${'['.repeat(70)}${']'.repeat(70)}`, /nested deeper than 64 levels/],
    ['two documents', 'version: 1\ncritique: c\nactions: []\n---\nversion: 1\n', /more than one YAML document/],
  ])('refuses %s', (_name, body, re) => {
    expect(err(`\`\`\`decision\n${body}\n\`\`\``)).toMatch(re);
  });

  it('reports where invalid YAML breaks', () => {
    expect(err('```decision\nversion: 1\ncritique: "unterminated\nactions: []\n```')).toMatch(/^the decision block is not valid YAML: .*\(line \d+, column \d+\)$/);
  });

  it('refuses an oversized block by its size', () => {
    expect(err(`\`\`\`decision\n${'a'.repeat(MAX_BLOCK_CHARS + 1)}\`\`\``)).toMatch(new RegExp(`at most ${MAX_BLOCK_CHARS}`));
  });

  it('never throws on hostile YAML', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    for (const body of [bomb, `${'['.repeat(60_000)}${']'.repeat(60_000)}`, `${'['.repeat(60)}${']'.repeat(60)}`, '!!js/function "x"', 'version: !!binary aGk=', '? [a]\n: 1', '__proto__: {version: 1}']) {
      expect(() => parse(`\`\`\`decision\n${body}\n\`\`\``)).not.toThrow();
      expect(parse(`\`\`\`decision\n${body}\n\`\`\``).ok).toBe(false);
    }
  });
});

describe('correctivePrompt (spec §4.10 step 16)', () => {
  it('appends the error and the instruction', () => {
    expect(correctivePrompt('PROMPT\n', 'version must be the integer 1 (got 2)')).toBe(
      'PROMPT\n\n\nYour previous reply could not be used: version must be the integer 1 (got 2). Reply with ONLY the fenced decision block.',
    );
  });
  it('does not double a trailing period', () => {
    expect(correctivePrompt('P', 'bad.')).toBe('P\n\nYour previous reply could not be used: bad. Reply with ONLY the fenced decision block.');
  });
  it('carries a real parser error verbatim', () => {
    const e = err(reply({ kind: 'dispatch', lane: 'ghost', payload: 'p', ...R }));
    expect(correctivePrompt('P', e)).toContain(e);
  });
});
