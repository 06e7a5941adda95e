// The registry of scheduling policies, chosen by name with --policy: one line per policy.
import type { KnobValue, Policy, PolicyModule } from '../policy.js';
import { cfs } from './cfs.js';
import { fifo } from './fifo.js';
import { lottery } from './lottery.js';
import { mlfq } from './mlfq.js';
import { priority } from './priority.js';
import { rr } from './rr.js';
import { sjf, stcf } from './shortest.js';
import { stride } from './stride.js';

export const POLICIES: Readonly<Record<string, PolicyModule>> = {
  rr,
  fifo,
  sjf,
  stcf,
  priority,
  mlfq,
  lottery,
  stride,
  cfs,
};

export const DEFAULT_POLICY = 'rr';

/** A new instance of the named policy, its knobs checked by the run-options table (kernel/options.ts). */
export function createPolicy(o: { policy: string; quantum: number; seed: number; knobs: Readonly<Record<string, KnobValue>> }): Policy {
  return POLICIES[o.policy].create({ quantum: o.quantum, seed: o.seed, knobs: o.knobs });
}
