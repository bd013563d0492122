#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS LOOPDECK_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node --max-semi-space-size=4
/**
 * `deck` — the loopdeck flight deck (a full-screen blessed TUI). The only place in deck/ that
 * exits the process. Unhandled exceptions are appended to the session's deck-crash.log (the one
 * file the deck writes) and exit 70. Like `loop`, its bin line starts Node without NODE_EXTRA_CA_CERTS (the
 * deck opens no TLS connection; Node 20 parses that file at start-up) and hands it back to children first.
 * It also caps V8's young generation at 4 MB per semi-space: each render makes short-lived garbage,
 * and the default 16 MB lets RSS settle about 15 MB higher for no gain (`npm run bench` runs the
 * deck bench with the flags of this line; DESIGN.md §10's RSS budget is 120 MB).
 */
import { restoreExtraCaCerts } from '../engine/protocol/ca-env.js';
import { parseDeckArgs } from './cli.js';
import { appendCrashLog, crashLine, crashLogPath } from './crash-log.js';
import { renderKeysDoc } from './keys-doc.js';

restoreExtraCaCerts(process.env);
const parsed = parseDeckArgs(process.argv.slice(2));
if (parsed.kind === 'exit') {
  process.stdout.write(parsed.stdout);
  process.stderr.write(parsed.stderr);
  process.exit(parsed.code);
}
if (parsed.kind === 'keys-doc') {
  process.stdout.write(renderKeysDoc());
  process.exit(0);
}
if (parsed.kind === 'all') {
  const { collectAll, formatAll } = await import('./all.js');
  const { connectEngine } = await import('../engine/protocol/client.js');
  const { socketDir } = await import('../engine/protocol/socket-path.js');
  process.stdout.write(formatAll(await collectAll(parsed.roots, { connect: connectEngine, socketDir: () => socketDir() }), parsed.roots));
  process.exit(0);
}
for (const [name, stream] of [['stdout', process.stdout], ['stdin', process.stdin]] as const) {
  if (!stream.isTTY) {
    process.stderr.write(`error: deck needs a terminal, but ${name} is not a TTY; run it in a terminal or a tmux pane (\`engine status\` prints the same facts as text)\n`);
    process.exit(2);
  }
}

const opts = parsed.opts;
const logPath = crashLogPath(opts.root, opts.session);
let teardown = (): void => undefined;
const crash = (e: unknown): void => {
  try { teardown(); } catch { /* the terminal may already be gone */ }
  const logged = appendCrashLog(logPath, crashLine(e));
  process.stderr.write(`deck: crashed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n${logged ? `(logged to ${logPath})\n` : ''}`);
  process.exit(70);
};
// Registered before blessed loads, so blessed's own handler stands aside (it only acts when alone).
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const { startDeck } = await import('./start.js');
const run = startDeck(opts);
teardown = run.teardown;
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => { teardown(); process.exit(0); });
// The terminal is gone: nothing to restore, and Node's exit path would abort restoring the tty
// (ResetStdio asserts on EIO). Die by the signal's default action instead.
process.once('SIGHUP', () => { process.kill(process.pid, 'SIGHUP'); });
process.exit(await run.done);
