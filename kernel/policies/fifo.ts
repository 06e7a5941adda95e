// First in, first out: one queue and no preemption; a process runs until it blocks, yields or exits.
import type { PolicyFactory } from '../policy.js';
import { ReadyQueue } from './queue.js';

export const fifo: PolicyFactory = () => new ReadyQueue(Infinity);
