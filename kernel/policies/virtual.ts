// Virtual-time scheduling, shared by stride and cfs: a process's virtual time advances by BIG / share per tick it runs, and the least runs next.
import type { Policy, ReadyReason, Schedulable } from '../policy.js';

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/**
 * Divisible by every share up to 128 and by their products such as 100, 250 and 1000, so that those shares
 * advance by exact integers; bigint keeps virtual times exact however long the machine runs.
 */
export const BIG = Array.from({ length: 128 }, (_, k) => BigInt(k + 1)).reduce((l, k) => (l * k) / gcd(l, k));

export interface VirtualRules {
  /** p's share of the CPU (tickets, or a weight from nice); read when p is charged, so changes apply from then on. */
  share(p: Schedulable): number;
  /** The quantum for a dispatch of p, given the total share of the other ready processes. */
  slice(p: Schedulable, othersShare: number): number;
  /** How far behind the system's virtual time a woken process may start, in virtual-time units. */
  wakeCredit: bigint;
}

export class VirtualTime implements Policy {
  /** Virtual time of every process seen, by pid. */
  private readonly vtime = new Map<number, bigint>();
  /** The ready processes, by pid. */
  private readonly pool = new Map<number, Schedulable>();
  /** The system's virtual time: that of the last process dispatched, when it was dispatched (never decreases). */
  private floor = 0n;

  constructor(private readonly rules: VirtualRules) {}

  quantum(p: Schedulable): number {
    let others = 0;
    for (const q of this.pool.values()) others += this.rules.share(q);
    return this.rules.slice(p, others);
  }

  ready(p: Schedulable, why: ReadyReason): void {
    // Nobody may bank virtual time while away: a new process starts at the system's virtual time, a woken one no
    // further behind it than the credit, so neither can monopolise the CPU to catch up.
    const own = this.vtime.get(p.pid) ?? this.floor;
    const earliest = why === 'wake' ? this.floor - this.rules.wakeCredit : this.floor;
    this.vtime.set(p.pid, own > earliest ? own : earliest);
    this.pool.set(p.pid, p);
  }

  pick(): Schedulable | null {
    let best: Schedulable | null = null;
    let bestTime = 0n;
    for (const p of this.pool.values()) {
      const t = this.vtime.get(p.pid)!;
      if (best === null || t < bestTime || (t === bestTime && p.pid < best.pid)) {
        best = p;
        bestTime = t;
      }
    }
    if (best === null) return null;
    this.pool.delete(best.pid);
    if (bestTime > this.floor) this.floor = bestTime;
    return best;
  }

  remove(p: Schedulable): void {
    this.pool.delete(p.pid);
  }

  ran(p: Schedulable, ticks: number): void {
    const per = BIG / BigInt(this.rules.share(p));
    this.vtime.set(p.pid, this.vtime.get(p.pid)! + BigInt(ticks) * per);
  }

  changed(): void {}

  exited(p: Schedulable): void {
    this.vtime.delete(p.pid);
  }
}
