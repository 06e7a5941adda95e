// `quanta exercise` and `quanta run --workload` as a student uses them: questions, answers from the kernel,
// seeds that reproduce, workload files that run, one-line errors.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './golden.js';

function quanta(args: string[], cwd = process.cwd()): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-ex-'));

describe('quanta exercise', () => {
  it.each([
    ['sched', ['-p', 'STCF', '--max-arrival', '20', '-j', '4'], /Response: \d+ {2}Turnaround \d+ {2}Wait \d+/],
    ['prun', ['-l', '3:50,3:50', '-I', 'IO_RUN_IMMEDIATE'], /Stats: IO Busy +\d+/],
    ['mlfq', ['-j', '2', '-m', '40', '-Q', '5,10', '-A', '1,2'], /Job +1: startTime +0 - response +\d+ - turnaround +\d+/],
    ['lottery', ['-j', '3', '-q', '2'], /Random \d+ -> Winning ticket \d+ \(of \d+\) -> Run job \d/],
  ])('%s prints a question, and with -c its answers; the seed reproduces it', (kind, flags, answer) => {
    const question = quanta(['exercise', kind, '--seed', '7', ...flags]);
    expect(question.status).toBe(0);
    expect(question.stdout).not.toMatch(answer);
    expect(question.stdout).toMatch(/quanta run --workload FILE/);
    const solved = quanta(['exercise', kind, '--seed', '7', '-c', ...flags]);
    expect(solved.stdout.startsWith(question.stdout.slice(0, question.stdout.indexOf('Check it yourself')))).toBe(true);
    expect(solved.stdout).toMatch(answer);
    expect(quanta(['exercise', kind, '--seed', '7', '-c', ...flags]).stdout).toBe(solved.stdout);
    expect(quanta(['exercise', kind, '--seed', '8', ...flags]).stdout).not.toBe(question.stdout);
  });

  it('writes a workload that `run --workload` answers with the same figures', () => {
    const dir = tmp();
    const ex = quanta(['exercise', 'sched', '-s', '3', '-j', '5', '-p', 'RR', '-q', '2', '-c', '--json', '--workload-out', 'w.txt'], dir);
    expect(ex.status).toBe(0);
    const answers = JSON.parse(ex.stdout).answers as { jobs: { response: number; turnaround: number; wait: number }[] };
    const run = quanta(['run', '--workload', 'w.txt', '--policy', 'rr', '--quantum', '2', '--stats-json', 's.json'], dir);
    expect(run.status).toBe(0);
    const stats = JSON.parse(fs.readFileSync(path.join(dir, 's.json'), 'utf8')) as { processes: { response: number; turnaround: number; ready: number }[] };
    expect(stats.processes.map((p) => ({ response: p.response, turnaround: p.turnaround, wait: p.ready }))).toEqual(answers.jobs.map(({ response, turnaround, wait }) => ({ response, turnaround, wait })));
    expect(fs.readFileSync(path.join(dir, 'w.txt'), 'utf8')).toMatch(/^# answer: quanta run --workload FILE --policy rr --quantum 2 --stats$/m);
  });

  it.each([
    [['exercise', 'sched', '-p', 'LIFO'], "quanta: --policy: unknown value 'LIFO' — did you mean 'FIFO'? (choose from FIFO, SJF, STCF, RR)"],
    [['exercise', 'mlfq', '-Q', '10,20', '-A', '1,2,3'], 'quanta: --allotmentList has 3 entries for 2 queues'],
    [['exercise', 'prun', '-l', '3-50'], "quanta: --processlist: '3-50' is not X:Y (X instructions, Y percent of them CPU)"],
    [['exercise', 'lottery', '-j', 'x'], "quanta: --jobs must be a whole number from 1 to 1000 (got 'x')"],
    [['exercise'], 'quanta: a kind is required: sched, prun, mlfq, lottery'],
  ])('refuses %j in one line with status 2', (args, message) => {
    const r = quanta(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(message + '\n');
  });
});

describe('quanta run --workload', () => {
  it('runs the listed processes from their arrival ticks, with --states, --unit and the new statistics', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'w.txt'), '# process-run.py -l 1:0,4:100\njob c1 i5 c1\njob c4\nat=9 job c2\n');
    const r = quanta(['run', '--workload', 'w.txt', '--policy', 'fifo', '--states', '--unit', '3', '--stats-json', 's.json'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      [
        'Time        PID: 1        PID: 2        PID: 3           CPU           IOs',
        '  3        BLOCKED           RUN                           3             2',
        '  6        BLOCKED           RUN                           2             3',
        '  9*          DONE          DONE                           1',
        ' 11           DONE          DONE           RUN             2',
        '',
        'Stats: Total Time 11',
        'Stats: CPU Busy 8 (72.73%)',
        'Stats: IO Busy  5 (45.45%)',
        '',
        '',
      ].join('\n'),
    );
    const stats = JSON.parse(fs.readFileSync(path.join(dir, 's.json'), 'utf8'));
    expect(stats.io_busy).toBe(5);
    expect(stats.processes.map((p: { start: number }) => p.start)).toEqual([0, 0, 9]);
    expect(stats.averages).toEqual({ response: 1 / 3, turnaround: (7 + 5 + 2) / 3, ready: 1 / 3 });
  });

  it.each([
    ['at=2 job c1\nat=1 job c1\n', [], "w.txt:2: at=1 is before the previous line's at=2 (lines go in non-decreasing at order)"],
    ['job c1 x3\n', [], "w.txt:1: job: 'x3' is not a phase (cN, sN or iN, N from 1 to 2147483647)"],
    ['nowhere.qx\n', [], "w.txt:1: quanta: cannot open 'nowhere.qx': no such file"],
    ['job c1\n', ['prog.qx'], 'quanta: --workload lists the programs itself: give no FILE and no --procs'],
    ['job c1\n'.repeat(65), [], 'w.txt: 65 processes, more than --max-procs 64 (process-table slots, zombies included)'],
  ])('refuses a bad workload %j in one line with status 2', (text, extra, message) => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'w.txt'), text);
    const r = quanta(['run', '--workload', 'w.txt', ...extra], dir);
    expect([r.status, r.stderr]).toEqual([2, message + '\n']);
  });

  it('finds programs relative to the workload file', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'seven.asm'), 'main: li r0, 7\nret\n');
    fs.writeFileSync(path.join(dir, 'sub', 'w.txt'), 'seven.asm\n');
    expect(quanta(['run', '--workload', 'sub/w.txt'], dir).status).toBe(7);
  });
});
