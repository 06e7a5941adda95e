// `quanta exercise KIND`: an OSTEP homework problem from a seed, with the simulator's main flags; -c adds the kernel's answers.
import * as fs from 'node:fs';
import type { Argv, CommandModule, Options } from 'yargs';
import {
  type Exercise, type ExerciseKind, lotteryExercise, mlfqExercise, prunExercise, schedExercise, solve, whole, workloadFile,
  command as answerCommand,
} from '../../host/exercise.js';
import { UsageError } from '../options.js';
import { print } from '../host.js';

interface Common {
  seed?: string;
  c?: boolean;
  json?: boolean;
  'workload-out'?: string;
}

type Args = Common & Record<string, unknown>;

/** Each kind's flags, named and defaulted as its simulator has them. */
const KINDS: Record<ExerciseKind, { simulator: string; describe: string; flags: Record<string, Options>; make(seed: number, a: Args): Exercise }> = {
  sched: {
    simulator: 'scheduler.py',
    describe: 'response, turnaround and wait per job under FIFO, SJF, STCF or RR (scheduler.py)',
    flags: {
      jobs: { alias: 'j', type: 'string', default: '3', describe: 'number of jobs' },
      jlist: { alias: 'l', type: 'string', describe: 'the job lengths instead of random ones, e.g. 10,15,20' },
      maxlen: { alias: 'm', type: 'string', default: '10', describe: 'longest random job' },
      policy: { alias: 'p', type: 'string', default: 'FIFO', describe: 'FIFO, SJF, STCF or RR' },
      quantum: { alias: 'q', type: 'string', default: '1', describe: 'RR slice in ticks' },
      'max-arrival': { type: 'string', default: '0', describe: 'random arrival ticks up to this (Quanta only; scheduler.py starts every job at 0)' },
    },
    make: (seed, a) =>
      schedExercise(seed, {
        jobs: whole('jobs', a.jobs, 1, 1000), jlist: a.jlist as string | undefined, maxlen: whole('maxlen', a.maxlen, 1),
        policy: String(a.policy), quantum: whole('quantum', a.quantum, 1), maxArrival: whole('max-arrival', a['max-arrival'], 0),
      }),
  },
  prun: {
    simulator: 'process-run.py',
    describe: 'process states tick by tick, CPU and I/O busy (process-run.py)',
    flags: {
      processlist: { alias: 'l', type: 'string', describe: 'processes X1:Y1,X2:Y2,…: X instructions, Y percent of them CPU (default 5:50,5:50)' },
      program: { alias: 'P', type: 'string', describe: 'exact programs instead, e.g. c7,i,c1,i:c3 (cN: N CPU instructions, i: an I/O)' },
      iolength: { alias: 'L', type: 'string', default: '5', describe: 'ticks an I/O takes' },
      switch: { alias: 'S', type: 'string', default: 'SWITCH_ON_IO', describe: 'SWITCH_ON_IO or SWITCH_ON_END' },
      iodone: { alias: 'I', type: 'string', default: 'IO_RUN_LATER', describe: 'IO_RUN_LATER or IO_RUN_IMMEDIATE' },
    },
    make: (seed, a) =>
      prunExercise(seed, {
        processlist: a.processlist as string | undefined, program: a.program as string | undefined,
        iolength: whole('iolength', a.iolength, 1), switch: String(a.switch), iodone: String(a.iodone),
      }),
  },
  mlfq: {
    simulator: 'mlfq.py',
    describe: 'an MLFQ execution trace, response and turnaround (mlfq.py)',
    flags: {
      numQueues: { alias: 'n', type: 'string', default: '3', describe: 'number of queues (without -Q)' },
      quantum: { alias: 'q', type: 'string', default: '10', describe: 'slice of every queue (without -Q)' },
      allotment: { alias: 'a', type: 'string', default: '1', describe: 'allotment of every queue in slices (without -A)' },
      quantumList: { alias: 'Q', type: 'string', describe: 'slice per queue from the top down, e.g. 10,20,40' },
      allotmentList: { alias: 'A', type: 'string', describe: 'allotment per queue from the top down, e.g. 2,2,2' },
      numJobs: { alias: 'j', type: 'string', default: '3', describe: 'number of random jobs' },
      maxlen: { alias: 'm', type: 'string', default: '100', describe: 'random run times below this' },
      maxio: { alias: 'M', type: 'string', default: '10', describe: 'random I/O frequencies below this (0: no I/O)' },
      boost: { alias: 'B', type: 'string', default: '0', describe: 'boost every job to the top every this many ticks (0: never)' },
      iotime: { alias: 'i', type: 'string', default: '5', describe: 'ticks an I/O takes' },
      stay: { alias: 'S', type: 'boolean', default: false, describe: 'a job that does I/O keeps its level and allotment (rules 4a/4b)' },
      iobump: { alias: 'I', type: 'boolean', default: false, describe: 'a job back from I/O goes to the front of its queue' },
      jlist: { alias: 'l', type: 'string', describe: 'exact jobs start,run,ioFreq:… e.g. 0,180,0:100,20,0' },
    },
    make: (seed, a) =>
      mlfqExercise(seed, {
        numQueues: whole('numQueues', a.numQueues, 1, 64), quantum: whole('quantum', a.quantum, 1), allotment: whole('allotment', a.allotment, 1),
        quantumList: a.quantumList as string | undefined, allotmentList: a.allotmentList as string | undefined,
        numJobs: whole('numJobs', a.numJobs, 1, 1000), maxlen: whole('maxlen', a.maxlen, 1), maxio: whole('maxio', a.maxio, 0),
        boost: whole('boost', a.boost, 0), iotime: whole('iotime', a.iotime, 1), stay: a.stay === true, iobump: a.iobump === true,
        jlist: a.jlist as string | undefined,
      }),
  },
  lottery: {
    simulator: 'lottery.py',
    describe: 'which job each lottery draw runs, and when each finishes (lottery.py)',
    flags: {
      jobs: { alias: 'j', type: 'string', default: '3', describe: 'number of random jobs' },
      jlist: { alias: 'l', type: 'string', describe: 'exact jobs length:tickets,… e.g. 10:100,20:100' },
      maxlen: { alias: 'm', type: 'string', default: '10', describe: 'random lengths below this' },
      maxticket: { alias: 'T', type: 'string', default: '100', describe: 'random tickets below this' },
      quantum: { alias: 'q', type: 'string', default: '1', describe: 'slice in ticks' },
    },
    make: (seed, a) =>
      lotteryExercise(seed, {
        jobs: whole('jobs', a.jobs, 1, 1000), jlist: a.jlist as string | undefined, maxlen: whole('maxlen', a.maxlen, 2),
        maxticket: whole('maxticket', a.maxticket, 2, 1_000_001), quantum: whole('quantum', a.quantum, 1),
      }),
  },
};

function show(ex: Exercise, a: Args, simulator: string): void {
  const answers = a.c ? solve(ex) : null;
  if (a['workload-out'] !== undefined) {
    const file = a['workload-out'];
    if (file === '') throw new UsageError('--workload-out needs a file name');
    try {
      fs.writeFileSync(file, workloadFile(ex));
    } catch (e) {
      throw new UsageError(`--workload-out: cannot write '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  if (a.json) {
    const out = { kind: ex.kind, seed: ex.seed, simulator, options: ex.options, workload: workloadFile(ex), question: ex.question, ...(answers ? { answers: answers.data } : {}) };
    print(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  const lines = [`quanta exercise ${ex.kind} --seed ${ex.seed} (after ${simulator})`, '', ...ex.question, ''];
  if (answers) lines.push('** Answers, from running the workload on the kernel **', '', ...answers.text, '');
  lines.push(`Check it yourself: save the workload (--workload-out FILE) and run`, `  ${answerCommand(ex)}`);
  print(lines.join('\n') + '\n');
}

function kindCommand(kind: ExerciseKind): CommandModule<object, Args> {
  const k = KINDS[kind];
  return {
    command: kind,
    describe: k.describe,
    builder: (y) => y.options(k.flags) as unknown as Argv<Args>,
    handler: (a) => show(k.make(whole('seed', a.seed ?? '0', 0, 2 ** 32 - 1), a), a, k.simulator),
  };
}

export const exercise: CommandModule<object, Args> = {
  command: 'exercise',
  describe: 'An OSTEP homework problem (sched, prun, mlfq, lottery) from a seed; -c also prints the answers',
  builder: (y) =>
    y
      .option('seed', { alias: 's', type: 'string', describe: 'seed of the generated problem', defaultDescription: '0' })
      .option('c', { type: 'boolean', describe: 'also print the answers, obtained by running the workload on the kernel' })
      .option('json', { type: 'boolean', describe: 'print the problem (and answers) as JSON' })
      .option('workload-out', { type: 'string', describe: 'write the generated workload as a workload file' })
      .command((Object.keys(KINDS) as ExerciseKind[]).map(kindCommand))
      .demandCommand(1, `a kind is required: ${Object.keys(KINDS).join(', ')}`) as unknown as Argv<Args>,
  handler: () => {},
};
