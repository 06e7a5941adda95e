// A small seeded PRNG (mulberry32): randomised policies must give the same schedule for a --seed on every machine.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform unsigned 32-bit integer. */
  next(): number {
    // Integer-only arithmetic (Math.imul, shifts) keeps the stream identical across hosts.
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n), for 1 ≤ n ≤ 2^32. */
  below(n: number): number {
    return this.draw(n).value;
  }

  /** A uniform integer in [0, n) as `raw` mod n, with the raw number drawn (a lottery's trace shows both). */
  draw(n: number): { raw: number; value: number } {
    // Redraw the top partial block so that no value is favoured by the modulo.
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const raw = this.next();
      if (raw < limit) return { raw, value: raw % n };
    }
  }
}
