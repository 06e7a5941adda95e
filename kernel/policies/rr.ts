// Round robin: one queue, the timer preempts after --quantum ticks (the default policy).
import type { PolicyModule } from '../policy.js';
import { ReadyQueue } from './queue.js';

export const rr: PolicyModule = {
  describe: 'round robin: one queue, preempted after --quantum ticks',
  create: ({ quantum }) => new ReadyQueue(quantum),
};
