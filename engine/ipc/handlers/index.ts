/** The handler map: one handler per protocol method (engine/protocol/methods.ts). */
import type { Handler } from '../server.js';
import type { HandlerDeps } from './types.js';
import { snapshot } from './snapshot.js';
import { decisionApprove } from './decision-approve.js';
import { decisionReject } from './decision-reject.js';
import { laneCapture } from './lane-capture.js';
import { adrAccept } from './adr-accept.js';
import { askAnswer } from './ask-answer.js';
import { laneDispatch } from './lane-dispatch.js';
import { laneSteer } from './lane-steer.js';
import { laneAdd } from './lane-add.js';
import { laneDrop } from './lane-drop.js';
import { laneFocus } from './lane-focus.js';
import { enginePause, engineResume, cycleNow, shutdown } from './engine-control.js';

export function handlers(d: HandlerDeps): Record<string, Handler> {
  return {
    snapshot: snapshot(d),
    'decision.approve': decisionApprove(d),
    'decision.reject': decisionReject(d),
    'lane.capture': laneCapture(d),
    'lane.dispatch': laneDispatch(d),
    'lane.steer': laneSteer(d),
    'lane.add': laneAdd(d),
    'lane.drop': laneDrop(d),
    'lane.focus': laneFocus(d),
    'engine.pause': enginePause(d),
    'engine.resume': engineResume(d),
    'cycle.now': cycleNow(d),
    'ask.answer': askAnswer(d),
    shutdown: shutdown(d),
    'adr.accept': adrAccept(d),
  };
}
