// The registry of scheduling policies, chosen by name with --policy: one line per policy.
import type { PolicyModule } from '../policy.js';
import { fifo } from './fifo.js';
import { rr } from './rr.js';

export const POLICIES: Readonly<Record<string, PolicyModule>> = {
  rr,
  fifo,
};

export const DEFAULT_POLICY = 'rr';

/** Every policy's knobs with their defaults, for the command line. */
export function knobDefaults(): Record<string, number> {
  const all: Record<string, number> = {};
  for (const m of Object.values(POLICIES)) for (const [k, v] of Object.entries(m.knobs ?? {})) all[k] = v.default;
  return all;
}
