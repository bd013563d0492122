import { describe, expect, it } from 'vitest';
import { clearApplies } from './dispatch-aux.js';
import { assertNotBlank, assertPastable, dispatchEnv } from './dispatch.js';
import { launchBinary } from './harness/probe.js';

describe('dispatch side rules (spec §5)', () => {
  it('a text payload with C0 (but newline, tab, CRLF), DEL or C1 controls is refused; command mode is not checked', () => {
    for (const ok of ['plain', 'a\nb\tc', 'crlf\r\nx', 'héllo 日本 🎉', '\u00a0nbsp']) expect(() => assertPastable(ok, 'text')).not.toThrow();
    for (const bad of ['a\x1b[201~', 'cr\rx', 'del\x7f', 'csi\u009b201~', 'nel\u0085']) expect(() => assertPastable(bad, 'text')).toThrow(/control characters/);
    expect(() => assertPastable('a\x1b', 'command')).not.toThrow();
  });
  it('an empty or whitespace-only payload is refused in both modes (exit 1); any visible character passes', () => {
    for (const blank of ['', '   ', '\n\t', ' \r\n ', '\u00a0\u2003']) expect(() => assertNotBlank(blank), JSON.stringify(blank)).toThrow(/empty payload/);
    try { assertNotBlank('\t'); } catch (e) { expect(e).toMatchObject({ code: 'empty-payload', exitCode: 1 }); }
    for (const ok of ['x', '  .  ', '\n1\n']) expect(() => assertNotBlank(ok)).not.toThrow();
  });
  it('auto /clear applies only to dynamic lanes whose harness is exactly claude', () => {
    expect(clearApplies('1', 'claude')).toBe(true);
    expect(clearApplies('', 'claude')).toBe(false); // a base lane, even when its pane option names claude
    expect(clearApplies('1', 'claude-code')).toBe(false);
    expect(clearApplies('1', 'cmd')).toBe(false);
    expect(clearApplies('1', '')).toBe(false);
  });

  it('env knobs: paste delay (legacy name too), ready and clear timeouts, LOOP_DISPATCH_NO_CLEAR=1 only', () => {
    expect(dispatchEnv({})).toEqual({ pasteDelayMs: 2000, readyTimeoutMs: 20_000, clearTimeoutMs: 8000, noClear: false });
    expect(dispatchEnv({ TMUX_DISPATCH_PASTE_DELAY: '0.5', LOOP_DISPATCH_CLEAR_TIMEOUT: '3', LOOP_DISPATCH_NO_CLEAR: '1' })).toMatchObject({ pasteDelayMs: 500, clearTimeoutMs: 3000, noClear: true });
    expect(dispatchEnv({ LOOP_DISPATCH_PASTE_DELAY: '1', TMUX_DISPATCH_PASTE_DELAY: '9', LOOP_DISPATCH_NO_CLEAR: 'yes' })).toMatchObject({ pasteDelayMs: 1000, noClear: false });
    expect(dispatchEnv({ LOOP_DISPATCH_READY_TIMEOUT: 'soon' }).readyTimeoutMs).toBe(20_000);
  });

  it('the launch binary is its first shell word, quotes honoured', () => {
    expect(launchBinary('hermes chat --tui --model x')).toBe('hermes');
    expect(launchBinary("'/opt/my agent/bin' --x")).toBe('/opt/my agent/bin');
    expect(launchBinary("'/usr/bin/node' /x/agent.js")).toBe('/usr/bin/node');
    expect(launchBinary('')).toBe('');
  });
});
