import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LoopError } from '../errors.js';
import {
  HARNESSES, HARNESS_FIELDS, getHarness, harnessNames, isAgentHarness, isBareShell, isKnownHarness, oneshotArgv,
  resolveLaunch,
} from './registry.js';

const SPEC_TWELVE = ['pi', 'claude', 'opencode', 'codex', 'cursor-agent', 'hermes', 'droid', 'forge', 'amp', 'openclaw', 'mprocs', 'shell'];

describe('the table', () => {
  it('lists the spec §10.2 twelve in order, then gemini, aider and demo', () => {
    expect(harnessNames()).toEqual([...SPEC_TWELVE, 'gemini', 'aider', 'demo']);
    expect(HARNESSES.map((h) => h.name)).toEqual(harnessNames());
  });

  it('has the 18 fields of spec §10.1 in order, and every field of every row is a string', () => {
    expect(HARNESS_FIELDS).toEqual([
      'launch_cmd', 'model_flag', 'expected_process', 'auto_approve_flag', 'paste_enter_delay', 'skill_dir',
      'non_interactive_flag', 'oneshot_template', 'capability_tags', 'cost_tier', 'autonomy_class',
      'auth_requirement', 'health_probe', 'drift_pins', 'model_failover', 'isolation', 'working_marker', 'idle_marker',
      'approval_marker',
    ]);
    for (const h of HARNESSES) {
      expect(Object.keys(h).sort()).toEqual(['name', ...HARNESS_FIELDS].sort());
      for (const f of HARNESS_FIELDS) expect(typeof h[f], `${h.name}.${f}`).toBe('string');
    }
  });

  it('acceptance 52: unattended iff an auto-approve flag exists; isolation is shared everywhere', () => {
    for (const h of HARNESSES) {
      expect(h.autonomy_class === 'unattended', h.name).toBe(h.auto_approve_flag !== '');
      expect(h.isolation, h.name).toBe('shared');
      expect(h.health_probe, h.name).toBe('');
      expect(h.model_failover, h.name).toBe('');
    }
  });

  it('uses only the enumerated values of spec §10.1', () => {
    for (const h of HARNESSES) {
      expect(['-m', '--model', '--config', 'config', 'skip']).toContain(h.model_flag);
      expect(['low', 'medium', 'high', 'none']).toContain(h.cost_tier);
      expect(['none', 'attended', 'unattended']).toContain(h.autonomy_class);
      expect(['account', 'gateway', 'none']).toContain(h.auth_requirement);
      expect(['low', 'med', 'high', 'none']).toContain(h.drift_pins);
      if (h.oneshot_template) expect(h.oneshot_template.split(' ')).toContain('{prompt}');
    }
  });

  it('keeps spec rows verbatim (spot checks) and acceptance 50 one-shots', () => {
    expect(getHarness('claude')).toMatchObject({ oneshot_template: 'claude -p {prompt}', capability_tags: 'brain,ingest,code,ops', drift_pins: 'low', idle_marker: 'accept edits on|bypass permissions on|\\? for shortcuts' });
    expect(getHarness('pi')?.oneshot_template).toBe('');
    expect(getHarness('openclaw')).toMatchObject({ launch_cmd: 'openclaw tui', auth_requirement: 'gateway', paste_enter_delay: '2.5' });
    expect(getHarness('shell')).toMatchObject({ launch_cmd: '', expected_process: 'zsh|bash|sh|watch|ssh' });
    expect(getHarness('gemini')).toMatchObject({ launch_cmd: 'gemini', model_flag: '-m', auto_approve_flag: '--yolo', oneshot_template: 'gemini -p {prompt}', skill_dir: '.gemini' });
    expect(getHarness('aider')).toMatchObject({ model_flag: '--model', auto_approve_flag: '--yes-always', oneshot_template: 'aider --message {prompt}' });
  });

  it('compiles every marker as a `u` regex', () => {
    for (const h of HARNESSES) {
      for (const m of [h.working_marker, h.idle_marker, h.approval_marker]) if (m) expect(() => new RegExp(m, 'u'), `${h.name}: ${m}`).not.toThrow();
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(HARNESSES)).toBe(true);
    expect(Object.isFrozen(getHarness('claude'))).toBe(true);
  });

  it('launches the demo agent with this node binary from the compiled dist/demo/agent.js', () => {
    const demo = getHarness('demo');
    const dist = fileURLToPath(new URL('../../dist/demo/agent.js', import.meta.url));
    const q = (p: string): string => (/^[A-Za-z0-9_./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);
    expect(demo?.launch_cmd).toBe(`${q(process.execPath)} ${q(dist)}`);
    expect(demo).toMatchObject({ model_flag: 'skip', auto_approve_flag: '', oneshot_template: '', expected_process: 'node', capability_tags: 'demo', autonomy_class: 'none' });
  });
});

describe('lookups', () => {
  it('knows names exactly (no prefix or case folding)', () => {
    expect(isKnownHarness('claude')).toBe(true);
    expect(isKnownHarness('cla')).toBe(false);
    expect(isKnownHarness('Claude')).toBe(false);
    expect(isKnownHarness('cmd')).toBe(false);
    expect(getHarness('nope')).toBeUndefined();
  });

  it('isAgentHarness: a one-shot template or an agent tag (engine.md §6.2)', () => {
    for (const n of ['claude', 'codex', 'pi', 'opencode', 'amp', 'openclaw', 'gemini', 'aider']) expect(isAgentHarness(n), n).toBe(true);
    for (const n of ['shell', 'mprocs', 'demo', 'unknown']) expect(isAgentHarness(n), n).toBe(false);
  });

  it('isBareShell: the spec §0 set (plus dash and login-shell form), nothing else', () => {
    for (const p of ['zsh', 'bash', 'sh', 'fish', 'dash', '', '-bash', null, undefined]) expect(isBareShell(p), String(p)).toBe(true);
    for (const p of ['watch', 'ssh', 'node', 'claude', 'bash5', 'Bash', 'tmux']) expect(isBareShell(p), p).toBe(false);
  });
});

describe('resolveLaunch (spec §10.3)', () => {
  it('applies the model per flag kind', () => {
    expect(resolveLaunch('pi', 'X')).toBe('pi --model X');
    expect(resolveLaunch('hermes', 'X')).toBe('hermes chat --tui --model X');
    expect(resolveLaunch('codex', 'X')).toBe('codex --config model=X');
    expect(resolveLaunch('gemini', 'gemini-2.5-pro')).toBe('gemini -m gemini-2.5-pro');
    expect(resolveLaunch('claude', 'opus')).toBe('claude');
    expect(resolveLaunch('amp', 'X')).toBe('amp');
    expect(resolveLaunch('shell', 'X')).toBe('');
  });

  it('returns the bare launch without a model', () => {
    expect(resolveLaunch('pi')).toBe('pi');
    expect(resolveLaunch('pi', null)).toBe('pi');
    expect(resolveLaunch('pi', '')).toBe('pi');
  });

  it('acceptance 3, 4, 14, 15: launch + auto-approve as the lane-config resolver composes them', () => {
    const withAuto = (n: string, m?: string): string => `${resolveLaunch(n, m)} ${getHarness(n)?.auto_approve_flag ?? ''}`;
    expect(withAuto('codex', 'gpt-5')).toBe('codex --config model=gpt-5 --dangerously-bypass-approvals-and-sandbox');
    expect(withAuto('claude')).toBe('claude --dangerously-skip-permissions');
    expect(withAuto('claude', 'opus')).toBe('claude --dangerously-skip-permissions');
    expect(resolveLaunch('codex', 'm')).toContain('--config model=m');
  });

  it('quotes a model a shell would misread', () => {
    expect(resolveLaunch('pi', 'anthropic/claude-sonnet-4.5:high')).toBe('pi --model anthropic/claude-sonnet-4.5:high');
    expect(resolveLaunch('pi', 'x; rm -rf ~')).toBe(`pi --model 'x; rm -rf ~'`);
    expect(resolveLaunch('codex', "it's")).toBe(`codex --config 'model=it'\\''s'`);
  });

  it('throws a LoopError for an unknown harness', () => {
    expect(() => resolveLaunch('nope', 'x')).toThrow(LoopError);
    expect(() => resolveLaunch('nope')).toThrow(/unknown harness: nope/);
  });
});

describe('oneshotArgv', () => {
  const nasty = [`say "hi" and 'bye'`, '$(rm -rf /)', '`id` ; echo pwned | cat > /tmp/x', 'line one\nline two\n', '  spaced  out  ', '{prompt}', '*', ''];

  it('substitutes the prompt as exactly one argv element, verbatim', () => {
    for (const p of nasty) {
      expect(oneshotArgv('claude -p {prompt}', p)).toEqual(['claude', '-p', p]);
      expect(oneshotArgv('codex exec {prompt}', p)).toEqual(['codex', 'exec', p]);
    }
  });

  it('splits every registry template shell-style', () => {
    expect(oneshotArgv(getHarness('openclaw')!.oneshot_template, 'go')).toEqual(['openclaw', 'agent', '--message', 'go']);
    for (const h of HARNESSES) if (h.oneshot_template) expect(oneshotArgv(h.oneshot_template, 'p').at(-1), h.name).toBe('p');
  });

  it('handles quoting in the template, repeated placeholders and a missing placeholder', () => {
    expect(oneshotArgv(`tool --system "be brief" '{prompt}' --x`, 'p q')).toEqual(['tool', '--system', 'be brief', 'p q', '--x']);
    expect(oneshotArgv('tool {prompt} --echo {prompt}', 'p')).toEqual(['tool', 'p', '--echo', 'p']);
    expect(oneshotArgv('tool --ask', 'p q')).toEqual(['tool', '--ask', 'p q']);
    expect(oneshotArgv('tool --x={prompt}', 'p')).toEqual(['tool', '--x={prompt}', 'p']);
  });

  it('throws a plain Error for empty templates, unbalanced quotes and shell syntax', () => {
    for (const t of ['', '   ', '{prompt}', 'tool "open {prompt}', "tool 'open", 'tool \\', 'a | b {prompt}',
      'a && b', 'a > out', 'a *.ts', 'a # note', 'a $HOME {prompt}', 'a ${HOME}']) {
      expect(() => oneshotArgv(t, 'p'), t).toThrow(Error);
      expect(() => oneshotArgv(t, 'p'), t).not.toThrow(LoopError);
    }
    expect(() => oneshotArgv('a | b', 'p')).toThrow(/operator \|/);
    expect(() => oneshotArgv('a $HOME', 'p')).toThrow(/variable \$HOME/);
  });
});
