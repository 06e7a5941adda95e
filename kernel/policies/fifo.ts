// First in, first out: one queue and no timer; a process runs until it blocks, yields or exits.
import type { PolicyModule } from '../policy.js';
import { ReadyQueue, SWITCH_ON_END, WAKE_PREEMPTS } from './queue.js';

export const fifo: PolicyModule = {
  describe: 'first in, first out: one queue, no timer',
  knobs: { 'wake-preempts': WAKE_PREEMPTS, 'switch-on-end': SWITCH_ON_END },
  create: ({ knobs }) =>
    new ReadyQueue({ slice: Infinity, wakePreempts: knobs['wake-preempts'] === true, switchOnEnd: knobs['switch-on-end'] === true }),
};
