/**
 * The decision contract (spec/engine.md §5) as a JSON Schema, for brains that support structured
 * output (the `ollama` brain passes it as `format`, DESIGN.md §6): a local model then cannot emit an
 * unparseable block. It is deliberately flat — one action object with every field optional except
 * `kind` and `rationale` — because small models and llama.cpp grammars handle that best; the
 * parser (cycle/parse-decision.ts) still validates each action by kind, exactly as for any brain.
 */
import { SUPPORTED_KINDS, MAX_ACTIONS } from '../cycle/parse-decision.js';

const s = { type: 'string' } as const;
const b = { type: 'boolean' } as const;

/** The JSON Schema object (draft 2020-12 subset understood by Ollama). */
export function decisionJsonSchema(): Record<string, unknown> {
  return {
    type: 'object',
    required: ['version', 'critique', 'actions'],
    properties: {
      version: { type: 'integer', enum: [1] },
      critique: { type: 'string', minLength: 1 },
      actions: {
        type: 'array',
        maxItems: MAX_ACTIONS,
        items: {
          type: 'object',
          required: ['kind', 'rationale'],
          properties: {
            kind: { type: 'string', enum: [...SUPPORTED_KINDS] },
            rationale: s, lane: s, window: s, payload: s, brief: s, summary: s, task: { type: 'string', pattern: '^T[0-9]{4}$' },
            to: { type: 'string', enum: ['in-progress', 'review'] }, mode: { type: 'string', enum: ['text', 'command'] },
            wait_ready: b, interrupt: b, wait_for_idle: b, expects_reply: b, reply_timeout_s: { type: 'integer', minimum: 1 },
            harness: s, cmd: s, model: s, role: s, auto_approve: b,
          },
        },
      },
    },
  };
}

/** Wrap a structured-output JSON reply as the fenced block the parser reads (JSON is YAML). */
export function fenceJson(json: string): string {
  return '```decision\n' + json.trim().replace(/`/g, '\\u0060') + '\n```\n';
}
