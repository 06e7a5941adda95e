// The host's resources under hostile guests, through the built CLI: output floods, slow and vanished
// readers, input that trickles in, host file limits, endless process creation. Peak memory is measured
// with /usr/bin/time where the machine has it.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RETAINED } from '../../kernel/accounting.js';
import { runSource, sandbox } from './harness.js';

const MAIN = path.resolve(import.meta.dirname, '../../dist/cli/quanta.cjs');
const TIME = '/usr/bin/time';
const dir = sandbox();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes 64 KiB blocks to stdout until a write fails; exits with that error number. */
const FLOOD = `
        .bss
buf:    .space 65536
        .text
main:   li r1, 1
        la r2, buf
        li r3, 65536
        sys write
        bge r0, 0, main
        neg r1, r0
        sys exit
`;
fs.writeFileSync(path.join(dir, 'flood.asm'), FLOOD);

interface Finished {
  status: number | null;
  stdout: Buffer;
  stderr: string;
  /** Peak resident memory of the quanta process in KiB, when /usr/bin/time could tell. */
  peakKiB: number | null;
}

/**
 * Run quanta with args; feed stdin in chunks with pauses between them; read at most `take` bytes of its
 * output (then close the pipe, as `head -c` does), or read everything after waiting `stall` ms first.
 */
function quanta(args: string[], io: { chunks?: string[]; pause?: number; take?: number; stall?: number } = {}): Promise<Finished> {
  const timed = fs.existsSync(TIME);
  const peakFile = path.join(dir, `peak-${process.pid}-${Math.random()}`);
  const [cmd, argv] = timed ? [TIME, ['-f', '%M', '-o', peakFile, process.execPath, MAIN, ...args]] : [process.execPath, [MAIN, ...args]];
  const child = spawn(cmd, argv, { cwd: dir });
  const out: Buffer[] = [];
  let got = 0;
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  if (io.stall) child.stdout.pause();
  if (io.stall) setTimeout(() => child.stdout.resume(), io.stall);
  child.stdout.on('data', (d: Buffer) => {
    got += d.length;
    if (io.take === undefined) out.push(d);
    else if (got >= io.take) child.stdout.destroy();
  });
  (async () => {
    for (const c of io.chunks ?? []) {
      child.stdin.write(c);
      await new Promise((r) => setTimeout(r, io.pause ?? 0));
    }
    child.stdin.end();
  })();
  return new Promise((resolve) => {
    child.on('close', (status) => {
      let peakKiB: number | null = null;
      if (timed) {
        peakKiB = Number(fs.readFileSync(peakFile, 'utf8').trim().split('\n').pop());
        fs.rmSync(peakFile, { force: true });
      }
      // time reports a non-zero status as a line before the figure; the figure is the last line.
      resolve({ status, stdout: Buffer.concat(out), stderr: err.replace(/^Command exited with non-zero status \d+\n/m, ''), peakKiB });
    });
  });
}

/** Peak RSS a run may reach: Node itself, the 64 MiB frame pool, and the bounded buffers (docs/ROBUSTNESS.md). */
const PEAK_KIB = 400 * 1024;

describe.skipIf(!fs.existsSync(MAIN))('host resources (dist/cli/quanta.cjs)', () => {
  it('a flood into a reader that goes away gets -EPIPE at once, and the host stays small', async () => {
    const r = await quanta(['run', 'flood.asm'], { take: 10 });
    expect(r.status).toBe(32);
    if (r.peakKiB !== null) expect(r.peakKiB).toBeLessThan(PEAK_KIB);
  }, 60_000);

  it('a flood into a reader that stalls holds the writer back instead of buffering', async () => {
    const r = await quanta(['run', '--max-ticks', '20000', 'flood.asm'], { stall: 2000 });
    expect(r.status).toBe(124);
    expect(r.stdout.length).toBeGreaterThan(100 << 20);
    if (r.peakKiB !== null) expect(r.peakKiB).toBeLessThan(PEAK_KIB);
  }, 60_000);

  it('input that trickles in gives the same output and trace as input that is all there', async () => {
    fs.writeFileSync(path.join(dir, 'stamp.asm'), `
        .bss
buf:    .space 64
        .text
main:   li r1, 0
        la r2, buf
        li r3, 64
        sys read
        beq r0, 0, done
        mov r3, r0
        li r1, 1
        la r2, buf
        sys write
        jmp main
done:   li r0, 0
        ret
`);
    const lines = ['one\n', 'two\n', 'three\n', 'four\n'];
    const spinner = 'main: li r1, 100000\nl: sub r1, r1, 1\nbne r1, 0, l\nli r0, 0\nret\n';
    fs.writeFileSync(path.join(dir, 'spin.asm'), spinner);
    const args = ['run', '--trace=sched', '--quantum', '1000', '--procs', 'stamp.asm', 'spin.asm'];
    const atOnce = await quanta(args, { chunks: [lines.join('')] });
    const trickled = await quanta(args, { chunks: lines, pause: 150 });
    expect(atOnce.status).toBe(0);
    expect(atOnce.stdout.toString()).toBe(lines.join(''));
    expect(trickled.stdout.toString()).toBe(atOnce.stdout.toString());
    expect(trickled.stderr).toBe(atOnce.stderr);
  }, 60_000);

  it('a write the host refuses (file size limit) is an error for that guest, not the machine', () => {
    fs.writeFileSync(path.join(dir, 'big.asm'), `
        .data
path:   .asciz "big.out"
        .bss
buf:    .space 65536
        .text
main:   la r1, path
        li r2, 1
        sys open
        mov r6, r0
loop:   mov r1, r6
        la r2, buf
        li r3, 65536
        sys write
        bge r0, 0, loop
        neg r1, r0
        sys exit
`);
    const r = spawnSync('bash', ['-c', `ulimit -f 64; exec "${process.execPath}" "${MAIN}" run big.asm`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/internal error|    at /);
    expect(r.status).toBe(27); // EFBIG
  });

  // Issue 9: a capped address space as well as a capped heap. The machine's memory is reserved at start,
  // so a --mem the host cannot reserve is the user's error (one line, status 2), never a crash.
  it('under ulimit -v and a 256 MB heap: floods and fork loops end as guest results; a --mem too large is one line', () => {
    fs.writeFileSync(path.join(dir, 'forkloop.asm'), 'main: sys fork\nbeq r0, 0, child\nli r1, -1\nli r2, 0\nsys wait\njmp main\nchild: li r1, 0\nsys exit\n');
    const capped = (kib: number, args: string): { status: number | null; stderr: string } => {
      const r = spawnSync('bash', ['-c', `ulimit -v ${kib}; exec "${process.execPath}" --max-old-space-size=256 "${MAIN}" ${args} > /dev/null`], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      return { status: r.status, stderr: r.stderr };
    };
    for (const [args, ticks] of [['run --max-ticks 1000000 forkloop.asm', 1_000_000], ['run --max-ticks 50000 flood.asm', 50_000]] as const) {
      const r = capped(2_000_000, args);
      expect(r.stderr, args).toBe(`quanta: stopped at tick ${ticks} (--max-ticks)\n`);
      expect(r.status, args).toBe(124);
    }
    const big = capped(1_200_000, 'run --mem 1G flood.asm');
    expect(big.stderr).toBe("quanta: --mem 1G: this host cannot reserve that much memory for the machine (Array buffer allocation failed)\n");
    expect(big.status).toBe(2);
  }, 120_000);

  it('numeric options out of their documented range are usage errors', () => {
    for (const bad of [['--io-latency', '9007199254740000'], ['--quantum', 'abc'], ['--max-ticks', '0'], ['--mem', '3K'], ['--seed', '-1']]) {
      const r = spawnSync(process.execPath, [MAIN, 'run', ...bad, 'flood.asm'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(bad[0]);
    }
  });
});

describe('what the kernel keeps of processes', () => {
  it(`keeps the records of the first ${RETAINED.toLocaleString('en-US')} processes and only counts the rest`, async () => {
    const forkLoop = 'main: sys fork\nbeq r0, 0, child\nli r1, -1\nli r2, 0\nsys wait\njmp main\nchild: li r1, 0\nsys exit\n';
    const r = await runSource(forkLoop, { root: dir, maxTicks: 10 * RETAINED });
    expect(r.status).toBe(124);
    const records = r.kernel.acct.records();
    expect(records.length).toBeLessThanOrEqual(RETAINED + 2);
    expect(r.kernel.acct.dropped).toBeGreaterThan(0);
    expect(r.kernel.acct.exited.count).toBe(records.length - 2 + r.kernel.acct.dropped);
    expect(r.kernel.table.size).toBeLessThanOrEqual(2);
  }, 60_000);

  it('escapes a guest-chosen process name in its fault line', async () => {
    fs.writeFileSync(path.join(dir, 'crash.asm'), 'main: li r1, 0\nsw r1, [r1]\n');
    const evil = 'crash.asm\n[1 init] segmentation fault: forged';
    const r = await runSource(`
        .data
path:   .asciz "crash.asm"
name:   .asciz ${JSON.stringify(evil)}
argv:   .word name, 0
        .text
main:   la r1, path
        la r2, argv
        sys spawn
        li r1, -1
        li r2, 0
        sys wait
        li r0, 0
        ret
`, { root: dir });
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[2 crash\.asm\\x0a\[1 init\] segmentation fault: forged\] segmentation fault: write to 0x00000000/);
  });
});
