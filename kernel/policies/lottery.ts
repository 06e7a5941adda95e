// Lottery scheduling (OSTEP ch. 9): each dispatch draws a ticket at random; a process wins in proportion to its tickets.
import type { Draw, Policy, PolicyModule, Schedulable } from '../policy.js';
import { Random } from '../random.js';

export class Lottery implements Policy {
  /** The ready processes, by pid. */
  private readonly pool = new Map<number, Schedulable>();
  private last: Draw | null = null;

  constructor(
    private readonly slice: number,
    private readonly random: Random,
  ) {}

  quantum(): number {
    return this.slice;
  }

  ready(p: Schedulable): void {
    this.pool.set(p.pid, p);
  }

  pick(): Schedulable | null {
    this.last = null;
    if (this.pool.size === 0) return null;
    // Tickets are counted in pid order so that the winner depends only on the seed and who is ready, not on
    // arrival order: as lottery.py walks its job list.
    const ready = [...this.pool.values()].sort((a, b) => a.pid - b.pid);
    const total = ready.reduce((sum, p) => sum + p.tickets, 0);
    const { raw, value } = this.random.draw(total);
    let left = value;
    const winner = ready.find((p) => (left -= p.tickets) < 0)!;
    this.pool.delete(winner.pid);
    this.last = { winner: winner.pid, ticket: value, total, random: raw };
    return winner;
  }

  drawn(): Draw | null {
    return this.last;
  }

  remove(p: Schedulable): void {
    this.pool.delete(p.pid);
  }

  ran(): void {}
  // Tickets are read at each draw, so a change needs no bookkeeping.
  changed(): void {}
  exited(): void {}
}

export const lottery: PolicyModule = {
  describe: 'lottery: a random draw (--seed) weighted by tickets, preempted after --quantum ticks; each draw is a `draw` trace event',
  create: ({ quantum, seed }) => new Lottery(quantum, new Random(seed)),
};
