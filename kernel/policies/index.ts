// The registry of scheduling policies, chosen by name with --policy: one line per policy.
import type { PolicyFactory } from '../policy.js';
import { fifo } from './fifo.js';
import { rr } from './rr.js';

export const POLICIES: Readonly<Record<string, PolicyFactory>> = {
  rr,
  fifo,
};

export const DEFAULT_POLICY = 'rr';
