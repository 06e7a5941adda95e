// Round robin: one queue, the timer preempts after --quantum ticks (the default policy).
import type { PolicyModule } from '../policy.js';
import { ReadyQueue, WAKE_PREEMPTS } from './queue.js';

export const rr: PolicyModule = {
  describe: 'round robin: one queue, preempted after --quantum ticks',
  knobs: { 'wake-preempts': WAKE_PREEMPTS },
  create: ({ quantum, knobs }) => new ReadyQueue({ slice: quantum, wakePreempts: knobs['wake-preempts'] === true }),
};
