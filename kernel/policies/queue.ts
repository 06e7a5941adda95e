// One FIFO ready queue: the mechanism shared by the fifo and rr policies (SPEC §4).
import type { Policy, Schedulable } from '../policy.js';

export class ReadyQueue implements Policy {
  // A ring buffer: picking the head is O(1) however many processes wait (Array.shift is O(n)).
  private ring: (Schedulable | null)[] = new Array(16).fill(null);
  private head = 0;
  private size = 0;

  constructor(private readonly slice: number) {}

  quantum(): number {
    return this.slice;
  }

  ready(p: Schedulable): void {
    if (this.size === this.ring.length) {
      this.ring = Array.from({ length: 2 * this.size }, (_, k) => (k < this.size ? this.ring[(this.head + k) % this.size] : null));
      this.head = 0;
    }
    this.ring[(this.head + this.size++) % this.ring.length] = p;
  }

  pick(): Schedulable | null {
    if (this.size === 0) return null;
    const p = this.ring[this.head];
    this.ring[this.head] = null;
    this.head = (this.head + 1) % this.ring.length;
    this.size--;
    return p;
  }

  /** Rare (a ready process stopped or killed): close the gap, keeping the order. */
  remove(p: Schedulable): void {
    const n = this.ring.length;
    let k = 0;
    while (k < this.size && this.ring[(this.head + k) % n] !== p) k++;
    if (k === this.size) return;
    for (; k < this.size - 1; k++) this.ring[(this.head + k) % n] = this.ring[(this.head + k + 1) % n];
    this.ring[(this.head + this.size - 1) % n] = null;
    this.size--;
  }

  ran(): void {}
  changed(): void {}
  exited(): void {}
}
