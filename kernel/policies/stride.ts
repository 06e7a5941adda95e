// Stride scheduling (OSTEP ch. 9): deterministic proportional share; the process with the least pass runs, and its pass grows by its stride.
import type { PolicyModule } from '../policy.js';
import { VirtualTime } from './virtual.js';

export const stride: PolicyModule = {
  describe: 'stride: least pass runs (ties by pid), pass grows by BIG/tickets per tick run, preempted after --quantum ticks',
  create: ({ quantum }) =>
    new VirtualTime({
      share: (p) => p.tickets,
      slice: () => quantum,
      wakeCredit: 0n,
    }),
};
