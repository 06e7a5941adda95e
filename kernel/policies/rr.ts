// Round robin: one queue, the timer preempts after --quantum ticks (the default policy).
import type { PolicyFactory } from '../policy.js';
import { ReadyQueue } from './queue.js';

export const rr: PolicyFactory = ({ quantum }) => new ReadyQueue(quantum);
