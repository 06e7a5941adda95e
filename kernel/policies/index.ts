// The registry of scheduling policies, chosen by name with --policy: one line per policy.
import type { PolicyModule } from '../policy.js';
import { cfs } from './cfs.js';
import { fifo } from './fifo.js';
import { lottery } from './lottery.js';
import { mlfq } from './mlfq.js';
import { priority } from './priority.js';
import { rr } from './rr.js';
import { stride } from './stride.js';

export const POLICIES: Readonly<Record<string, PolicyModule>> = {
  rr,
  fifo,
  priority,
  mlfq,
  lottery,
  stride,
  cfs,
};

export const DEFAULT_POLICY = 'rr';

/** Every policy's knobs with their defaults, for the command line. */
export function knobDefaults(): Record<string, number> {
  const all: Record<string, number> = {};
  for (const m of Object.values(POLICIES)) for (const [k, v] of Object.entries(m.knobs ?? {})) all[k] = v.default;
  return all;
}
