/** `lane.dispatch {lane, payload, mode?, wait_ready?, by?}`: a person dispatches work (deck `d`). */
import { z } from 'zod';
import type { LaneDeliveryResult } from '../../protocol/lane-methods.js';
import { LaneName, OneLine, Payload, parseParams } from './lane-common.js';
import { deliver } from './lane-deliver.js';
import type { HandlerDeps } from './types.js';

const Params = z.object({ lane: LaneName, payload: Payload, mode: z.enum(['text', 'command']).optional(), wait_ready: z.boolean().optional(), by: OneLine.optional() });

export const laneDispatch = (d: HandlerDeps) => async (raw: unknown): Promise<LaneDeliveryResult> => {
  const p = parseParams(Params, raw);
  return deliver(d, 'dispatch', { lane: p.lane, payload: p.payload, mode: p.mode ?? 'text', waitReady: p.wait_ready ?? false, interrupt: false, by: p.by ?? d.ctx.actor });
};
