// Reading a policy's knobs: a value that would break the scheduler is refused with a message naming its option.
import type { PolicyOptions } from '../policy.js';

/** The knob `name` as a whole number ≥ min. */
export function wholeKnob(options: PolicyOptions, name: string, min: number): number {
  const value = options.knobs[name];
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got ${value})`);
  return value;
}
