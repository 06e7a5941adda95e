// The examples the page offers: programs of programs/ with the command lines and options their headers suggest.

export interface Example {
  label: string;
  /** The file opened in the editor: a program, or a workload file (its lines are then the processes). */
  file: string;
  /** The processes to run, one per line as in a workload file (default: the program alone). */
  processes?: string;
  /** Run options by name; the others keep their defaults. */
  options?: Record<string, string | boolean>;
  stdin?: string;
  /** The --states view, a row per this many ticks. */
  states?: number;
  /** Show the statistics table at the end (--stats). */
  stats?: boolean;
}

export const EXAMPLES: readonly { group: string; items: readonly Example[] }[] = [
  {
    group: 'Programs',
    items: [
      { label: 'hello', file: 'hello.asm' },
      { label: 'echo (argc/argv)', file: 'echo.asm', processes: 'echo.asm hello world 42' },
      { label: 'fib (call/ret, the stack)', file: 'fib.asm', processes: 'fib.asm 20' },
      { label: 'sort (stdin, malloc)', file: 'sort.asm', stdin: 'pear\napple\nfig\nbanana\n' },
      { label: 'life', file: 'life.asm', processes: 'life.asm 8' },
      { label: 'sh (a shell reading a script)', file: 'sh.asm', processes: 'sh.asm -v', stdin: 'echo hello world\ncat fib.asm | grep call | wc\nsleep 3000 &\nps\nwait\nprimes 12 | grep 1\n' },
    ],
  },
  {
    group: 'Processes',
    items: [
      { label: 'fork/wait: a tree of processes', file: 'forktree.asm', processes: 'forktree.asm 2', options: { quantum: '50' } },
      { label: 'spawn and wait', file: 'spawn.asm' },
      { label: 'pipeline: cat | grep | wc', file: 'pipeline.asm' },
      { label: 'producer/consumer over a pipe', file: 'prodcons.asm', processes: 'prodcons.asm 200' },
      { label: 'stop, continue, terminate', file: 'stopcont.asm', options: { quantum: '500' } },
      { label: 'zombie', file: 'zombie.asm' },
      { label: 'orphan', file: 'orphan.asm' },
      { label: 'copy-on-write after fork', file: 'cow.asm' },
      { label: 'lazy paging', file: 'lazy.asm' },
      { label: 'a fault: null pointer', file: 'faults/null.asm' },
    ],
  },
  {
    group: 'Scheduling',
    items: [
      { label: 'three programs at once (rr)', file: 'fib.asm', processes: 'fib.asm\nhello.asm\ntrue.asm', options: { quantum: '2000' } },
      { label: 'CPU- and I/O-bound (fifo)', file: 'cpuio.asm', options: { policy: 'fifo' }, stats: true },
      { label: 'CPU- and I/O-bound (mlfq)', file: 'cpuio.asm', options: { policy: 'mlfq', quantum: '1000' }, stats: true },
      { label: 'nice and tickets (stride)', file: 'nice.asm', options: { policy: 'stride', quantum: '1000' } },
      { label: 'SJF with late arrivals (OSTEP fig. 7.4)', file: 'ostep/ch7-late.wl', options: { policy: 'sjf' }, stats: true },
      { label: 'STCF with late arrivals (fig. 7.5)', file: 'ostep/ch7-late.wl', options: { policy: 'stcf' }, stats: true },
      { label: 'MLFQ: an interactive job (fig. 8.4)', file: 'ostep/fig8-4.wl', options: { policy: 'mlfq', 'mlfq-quanta': '10', 'mlfq-allotment': '1', 'mlfq-boost': '0' }, states: 10 },
      { label: 'lottery: two equal jobs', file: 'ostep/lottery.wl', options: { policy: 'lottery', quantum: '10', seed: '3' }, stats: true },
    ],
  },
];
