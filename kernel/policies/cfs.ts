// A completely fair scheduler after Linux's CFS: the least weighted virtual runtime runs, for a slice of a target latency shared by weight.
import type { PolicyModule } from '../policy.js';
import { BIG, VirtualTime } from './virtual.js';

/** Linux's sched_prio_to_weight, nice -20 … 19: each step is about 1.25×, so one nice level ≈ 10% of the CPU. */
const WEIGHTS = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
  9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
  110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];
const NICE_0_WEIGHT = 1024;

export const weightOf = (nice: number): number => WEIGHTS[nice + 20];

export const cfs: PolicyModule = {
  describe: 'completely fair: least weighted virtual runtime runs (ties by pid), slices share a target latency by weight',
  knobs: {
    'cfs-latency': { describe: 'ticks in which every ready process should run once, shared by weight', type: 'int', default: 48_000, min: 1, max: 1e9 },
    'cfs-min-granularity': { describe: 'shortest slice, in ticks, however many processes are ready', type: 'int', default: 6_000, min: 1, max: 1e9 },
  },
  create: (options) => {
    const latency = options.knobs['cfs-latency'] as number;
    const minimum = options.knobs['cfs-min-granularity'] as number;
    return new VirtualTime({
      share: (p) => weightOf(p.nice),
      slice: (p, others) => {
        const weight = weightOf(p.nice);
        return Math.max(minimum, Math.floor((latency * weight) / (weight + others)));
      },
      // Linux's gentle fair sleepers: a sleeper may start up to half a latency of nice-0 runtime ahead of the rest.
      wakeCredit: (BigInt(latency) * BIG) / BigInt(2 * NICE_0_WEIGHT),
    });
  },
};
