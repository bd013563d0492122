/**
 * Text generated from the key map (keymap.ts): docs/keys.md and the lines of the `?` help screen.
 * Pure; test/deck/keys-doc.test.ts fails when docs/keys.md is stale.
 */
import { GUARD_DOC, KEYMAP, keyLabel, keysText, type KeyBinding, type KeyScope } from './keymap.js';

const SCOPES: ReadonlyArray<{ scope: KeyScope; title: string }> = [
  { scope: 'main', title: 'Main screen (also the lane detail, ADR and brain screens)' },
  { scope: 'help', title: 'Help screen (`?`)' },
  { scope: 'form', title: 'Forms (reject, steer, dispatch, add lane, drop, answer, accept ADR)' },
];

/** The command that regenerates docs/keys.md. */
export const KEYS_DOC_COMMAND = 'node dist/deck/gen-keys-doc.js > docs/keys.md';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** docs/keys.md, byte for byte. */
export function renderKeysDoc(map: readonly KeyBinding[] = KEYMAP): string {
  const out = [
    '# Deck key bindings',
    '',
    `<!-- Generated from deck/keymap.ts; do not edit. Regenerate with \`${KEYS_DOC_COMMAND}\` (or \`deck --keys-doc\`). -->`,
    '',
    'Every change the deck makes is a request to the engine over its socket; the outcome is shown as a toast',
    '(success: a short summary; failure: the engine\'s error message verbatim). A disabled key does nothing',
    'but say why in a toast.',
  ];
  for (const { scope, title } of SCOPES) {
    const rows = map.filter((b) => b.scope === scope);
    if (!rows.length) continue;
    out.push('', `## ${title}`, '', '| keys | action | disabled when | footer |', '|---|---|---|---|');
    for (const b of rows) {
      const keys = b.keys.map((k) => `\`${keyLabel(k)}\``).join(', ');
      const off = b.disabledWhen.length ? b.disabledWhen.map((d) => `${GUARD_DOC[d.guard]} → “${d.reason}”`).join('; ') : '–';
      out.push(`| ${cell(keys)} | ${cell(b.description)} | ${cell(off)} | ${b.footer ? b.label : '–'} |`);
    }
  }
  out.push('', 'In a form every other printable key is typed into the focused field; a space toggles a checkbox.', '');
  return out.join('\n');
}

/** The help screen body: one section per scope, `keys  description`, then when it is disabled. */
export function helpLines(map: readonly KeyBinding[] = KEYMAP): string[] {
  const width = Math.max(...map.map((b) => keysText(b).length)) + 2;
  const out: string[] = [];
  for (const { scope, title } of SCOPES) {
    const rows = map.filter((b) => b.scope === scope);
    if (!rows.length) continue;
    if (out.length) out.push('');
    out.push(title.replace(/`/g, ''));
    for (const b of rows) {
      out.push(`  ${keysText(b).padEnd(width)}${b.description.replace(/`/g, '')}`);
      if (b.disabledWhen.length) out.push(`  ${''.padEnd(width)}disabled: ${b.disabledWhen.map((d) => GUARD_DOC[d.guard]).join(' · ')}`);
    }
  }
  out.push('', 'In a form every other printable key is typed into the focused field; a space toggles a checkbox.');
  return out;
}
