/** `lane.steer {lane, payload, interrupt?, wait_ready?, by?}`: a person steers a lane (deck `s`); text, never clears context. */
import { z } from 'zod';
import type { LaneDeliveryResult } from '../../protocol/lane-methods.js';
import { LaneName, OneLine, Payload, parseParams } from './lane-common.js';
import { deliver } from './lane-deliver.js';
import type { HandlerDeps } from './types.js';

const Params = z.object({ lane: LaneName, payload: Payload, interrupt: z.boolean().optional(), wait_ready: z.boolean().optional(), by: OneLine.optional() });

export const laneSteer = (d: HandlerDeps) => async (raw: unknown): Promise<LaneDeliveryResult> => {
  const p = parseParams(Params, raw);
  return deliver(d, 'steer', { lane: p.lane, payload: p.payload, mode: 'text', waitReady: p.wait_ready ?? false, interrupt: p.interrupt ?? false, by: p.by ?? d.ctx.actor });
};
