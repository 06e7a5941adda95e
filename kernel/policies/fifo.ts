// First in, first out: one queue and no preemption; a process runs until it blocks, yields or exits.
import type { PolicyModule } from '../policy.js';
import { ReadyQueue } from './queue.js';

export const fifo: PolicyModule = {
  describe: 'first in, first out: one queue, no preemption',
  create: () => new ReadyQueue(Infinity),
};
