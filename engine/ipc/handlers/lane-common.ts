/**
 * Shared by the lane request handlers (lane-*.ts): zod parsing into INVALID_PARAMS, and substrate
 * errors mapped to protocol codes with the substrate's message verbatim (plus its hint).
 */
import { z } from 'zod';
import { isLoopError } from '../../../substrate/errors.js';
import { ErrorCodes } from '../../protocol/methods.js';
import { rpcError } from './types.js';

/** Parse params or throw INVALID_PARAMS with zod's message. */
export function parseParams<T extends z.ZodType>(schema: T, p: unknown): z.infer<T> {
  const r = schema.safeParse(p ?? {});
  if (!r.success) throw rpcError(ErrorCodes.INVALID_PARAMS, z.prettifyError(r.error));
  return r.data;
}

const CODES: Record<string, number> = {
  usage: ErrorCodes.INVALID_PARAMS,
  'unknown-lane': ErrorCodes.NOT_FOUND,
  'unresolvable-lane': ErrorCodes.NOT_FOUND,
  'window-not-found': ErrorCodes.NOT_FOUND,
  'window-exists': ErrorCodes.CONFLICT,
  'base-lane': ErrorCodes.CONFLICT,
  'lane-is-shell': ErrorCodes.CONFLICT,
};

/** A substrate failure as a protocol error: message verbatim, `— hint` appended when there is one. */
export function substrateError(e: unknown): Error {
  if (isLoopError(e)) return rpcError(CODES[e.code] ?? ErrorCodes.FAILED, e.hint ? `${e.message} — ${e.hint}` : e.message, e.code);
  if ((e as { rpcCode?: number })?.rpcCode) return e as Error;
  return rpcError(ErrorCodes.FAILED, e instanceof Error ? e.message : String(e));
}

/** A lane or window name as the substrate accepts it. */
export const LaneName = z.string().min(1).max(64).regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a lane name: a letter, then letters, digits, _ or -');
/** Single-line text without control characters (flags, names). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const OneLine = z.string().max(500).regex(/^[^\x00-\x1f\x7f]*$/, 'one line without control characters');
/** A payload: any text up to 64 KiB, no NUL, not empty nor only whitespace (CONTRACT.md `dispatch`: refused). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const Payload = z.string().min(1, 'payload is empty').max(65_536).regex(/^[^\x00]*$/, 'no NUL bytes').refine((s) => s.trim() !== '', 'payload is empty (only whitespace)');
