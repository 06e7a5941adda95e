#!/usr/bin/env python3
# Derives the oracle cases in test/oracle/cases/ by running OSTEP's homework simulators with -c and reading
# their answers. The simulators are not part of this repository: fetch them separately (see README.md here).
#
#   python3 test/oracle/derive.py /path/to/ostep-homework
#
# Each case records the simulator's command line, the workload as the simulator generated it, and the
# figures its -c output gives; test/oracle.test.ts runs the same workload on the kernel and compares.
import json
import os
import re
import subprocess
import sys

HOME = sys.argv[1] if len(sys.argv) > 1 else None
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases')


def run(tool, args):
    script = os.path.join(HOME, tool)
    r = subprocess.run([sys.executable, script] + args, capture_output=True, text=True, check=True)
    return r.stdout


# ---- scheduler.py

def sched_case(args):
    out = run('cpu-sched/scheduler.py', args + ['-c'])
    policy = re.search(r'^ARG policy (\w+)', out, re.M).group(1).lower()
    lengths = [int(float(x)) for x in re.findall(r'Job \d+ \( length = ([\d.]+) \)', out)]
    # Listed in the order the jobs ran (SJF sorts them): put them back in job order.
    found = re.findall(r'Job +(\d+) -- Response: ([\d.]+)  Turnaround ([\d.]+)  Wait ([\d.]+)', out)
    jobs = [{'response': float(a), 'turnaround': float(b), 'wait': float(c)} for _, a, b, c in sorted(found, key=lambda f: int(f[0]))]
    avg = re.search(r'Average -- Response: ([\d.]+)  Turnaround ([\d.]+)  Wait ([\d.]+)', out)
    quantum = int(args[args.index('-q') + 1]) if '-q' in args else 1
    return {'args': ' '.join(args), 'policy': policy, 'quantum': quantum, 'lengths': lengths, 'jobs': jobs,
            'average': {'response': float(avg.group(1)), 'turnaround': float(avg.group(2)), 'wait': float(avg.group(3))}}


def sched_cases():
    cases = []
    for jl in ['200,200,200', '100,200,300', '300,200,100', '5,10,15', '1,1,30,2']:
        for p in ['FIFO', 'SJF']:
            cases.append(sched_case(['-p', p, '-l', jl]))
        for q in ['1', '7', '100']:
            cases.append(sched_case(['-p', 'RR', '-q', q, '-l', jl]))
    for seed in range(40):
        jobs = str(2 + seed % 4)
        for p in ['FIFO', 'SJF']:
            cases.append(sched_case(['-p', p, '-j', jobs, '-s', str(seed), '-m', '20']))
        cases.append(sched_case(['-p', 'RR', '-q', str(1 + seed % 4), '-j', jobs, '-s', str(seed), '-m', '20']))
    return cases


# ---- process-run.py

def prun_case(args):
    question = run('cpu-intro/process-run.py', args)
    programs = []
    for block in re.findall(r'^Process \d+\n((?:  \w+\n)*)', question, re.M):
        programs.append(block.split())
    out = run('cpu-intro/process-run.py', args + ['-c', '-p'])
    lines = out.split('\n')
    n = len(programs)
    rows, cpu, ios, marks = [], [], [], []
    for line in lines[1:]:
        if not re.match(r'^ *\d+[ *]', line):
            continue
        marks.append(line[3] == '*')
        rows.append([line[4 + 14 * k: 4 + 14 * (k + 1)].strip() for k in range(n)])
        cpu.append(line[4 + 14 * n: 4 + 14 * (n + 1)].strip() == '1')
        rest = line[4 + 14 * (n + 1):].strip()
        ios.append(int(rest) if rest else 0)
    total = int(re.search(r'Total Time (\d+)', out).group(1))
    cpu_busy = int(re.search(r'CPU Busy (\d+)', out).group(1))
    io_busy = int(re.search(r'IO Busy +(\d+)', out).group(1))
    opt = lambda flag, default: args[args.index(flag) + 1] if flag in args else default
    return {'args': ' '.join(args), 'programs': programs, 'ioLength': int(opt('-L', '5')),
            'switch': opt('-S', 'SWITCH_ON_IO'), 'iodone': opt('-I', 'IO_RUN_LATER'),
            'rows': rows, 'cpu': cpu, 'ios': ios, 'marks': marks, 'total': total, 'cpuBusy': cpu_busy, 'ioBusy': io_busy}


def prun_cases():
    book = [
        ['-l', '5:100'], ['-l', '5:100,5:100'], ['-l', '3:0', '-L', '5'],
        ['-l', '4:100,1:0'], ['-l', '1:0,4:100'],
        ['-l', '1:0,4:100', '-S', 'SWITCH_ON_END'], ['-l', '1:0,4:100', '-S', 'SWITCH_ON_IO'],
        ['-l', '3:0,5:100,5:100,5:100', '-S', 'SWITCH_ON_IO', '-I', 'IO_RUN_LATER'],
        ['-l', '3:0,5:100,5:100,5:100', '-S', 'SWITCH_ON_IO', '-I', 'IO_RUN_IMMEDIATE'],
    ]
    for seed in ['1', '2', '3']:
        for s in ['SWITCH_ON_IO', 'SWITCH_ON_END']:
            for i in ['IO_RUN_LATER', 'IO_RUN_IMMEDIATE']:
                book.append(['-s', seed, '-l', '3:50,3:50', '-S', s, '-I', i])
    cases = [prun_case(a) for a in book]
    lists = ['4:50,4:50,4:50', '6:30,3:70', '5:20,5:80,2:50', '8:60,8:40', '3:0,6:100,2:50,4:30']
    for seed in range(48):
        s = ['SWITCH_ON_IO', 'SWITCH_ON_END'][seed % 4 == 3]
        i = ['IO_RUN_LATER', 'IO_RUN_IMMEDIATE'][(seed // 2) % 2]
        cases.append(prun_case(['-s', str(seed), '-l', lists[seed % len(lists)], '-L', str(1 + seed % 5), '-S', s, '-I', i]))
    return cases


# ---- mlfq.py

def mlfq_case(args):
    out = run('cpu-sched-mlfq/mlfq.py', args + ['-c'])
    levels = int(re.search(r'OPTIONS queues (\d+)', out).group(1))
    quanta = {int(q): int(v) for q, v in re.findall(r'quantum length for queue +(\d+) is +(\d+)', out)}
    allots = {int(q): int(v) for q, v in re.findall(r'allotments for queue +(\d+) is +(\d+)', out)}
    jobs = [{'start': int(a), 'run': int(b), 'io': int(c)}
            for a, b, c in re.findall(r'Job +\d+: startTime +(\d+) - runTime +(\d+) - ioFreq +(\d+)', out)]
    ticks = []
    for m in re.finditer(r'^\[ time (\d+) \] (Run JOB (\d+)|IDLE)', out, re.M):
        t = int(m.group(1))
        assert t == len(ticks), (args, t, len(ticks))
        ticks.append(int(m.group(3)) if m.group(3) is not None else -1)
    stats = [{'response': int(a), 'turnaround': int(b)}
             for a, b in re.findall(r'Job +\d+: startTime +\d+ - response +(-?\d+) - turnaround +(\d+)', out)]
    return {'args': ' '.join(args), 'levels': levels,
            'quanta': [quanta[q] for q in range(levels - 1, -1, -1)], 'allotments': [allots[q] for q in range(levels - 1, -1, -1)],
            'boost': int(re.search(r'OPTIONS boost (\d+)', out).group(1)), 'ioTime': int(re.search(r'OPTIONS ioTime (\d+)', out).group(1)),
            'stay': 'OPTIONS stayAfterIO True' in out, 'iobump': 'OPTIONS iobump True' in out,
            'jobs': jobs, 'ticks': ticks, 'stats': stats}


def mlfq_cases():
    book = [
        ['-n', '3', '-q', '10', '-l', '0,200,0'],                                   # fig. 8.2: a long job sinks
        ['-n', '3', '-q', '10', '-l', '0,180,0:100,20,0'],                          # fig. 8.3: a short job arrives
        ['-n', '3', '-q', '10', '-i', '5', '-l', '0,175,0:50,25,1'],                # fig. 8.4: an interactive job
        ['-n', '3', '-q', '10', '-i', '5', '-l', '0,120,0:100,50,1:100,50,1'],       # fig. 8.5 left: starvation
        ['-n', '3', '-q', '10', '-i', '5', '-B', '50', '-l', '0,120,0:100,50,1:100,50,1'],  # fig. 8.5 right: boost
        ['-n', '3', '-q', '10', '-i', '1', '-S', '-l', '0,200,0:80,100,9'],         # fig. 8.6 left: gaming (rules 4a/4b)
        ['-n', '3', '-q', '10', '-i', '1', '-l', '0,200,0:80,100,9'],               # fig. 8.6 right: gaming defeated
        ['-Q', '10,20,40', '-A', '2,2,2', '-l', '0,140,0:0,140,0'],                 # fig. 8.7: longer slices below
        ['-n', '1', '-q', '10', '-l', '0,30,0:0,20,0:0,25,0'],                      # question 3: as round robin
        ['-n', '3', '-q', '10', '-B', '100', '-l', '0,300,0:0,300,5:0,300,5'],       # question 5: boost vs starvation
        ['-n', '3', '-q', '10', '-I', '-l', '0,60,2:0,60,3:0,60,0'],                # question 6: -I
        ['-n', '3', '-q', '10', '-l', '0,60,2:0,60,3:0,60,0'],
    ]
    cases = [mlfq_case(a) for a in book]
    variants = [
        ['-j', '2', '-n', '2', '-m', '40', '-M', '10'],
        ['-j', '3'],
        ['-j', '3', '-q', '5', '-a', '2'],
        ['-j', '3', '-Q', '5,10,20', '-A', '1,2,3', '-m', '60'],
        ['-j', '3', '-B', '30', '-m', '60'],
        ['-j', '3', '-S', '-m', '60', '-M', '8'],
        ['-j', '3', '-I', '-m', '60', '-M', '6'],
        ['-j', '4', '-n', '4', '-q', '3', '-i', '2', '-m', '50'],
        ['-j', '3', '-S', '-I', '-B', '40', '-i', '3', '-m', '70'],
        ['-j', '2', '-n', '2', '-q', '4', '-a', '3', '-i', '7', '-m', '40', '-M', '5'],
    ]
    for seed in range(40):
        cases.append(mlfq_case(['-s', str(seed)] + variants[seed % len(variants)]))
    return cases


# ---- lottery.py

def lottery_case(args):
    out = run('cpu-sched-lottery/lottery.py', args + ['-c'])
    jobs = [{'length': int(a), 'tickets': int(b)} for a, b in re.findall(r'Job \d+ \( length = (\d+), tickets = (\d+) \)', out)]
    draws = [{'random': int(a), 'ticket': int(b), 'total': int(c), 'job': int(d)}
             for a, b, c, d in re.findall(r'Random (\d+) -> Winning ticket (\d+) \(of (\d+)\) -> Run (\d+)', out)]
    done = [{'job': int(a), 'time': int(b)} for a, b in re.findall(r'--> JOB (\d+) DONE at time (\d+)', out)]
    quantum = int(re.search(r'ARG quantum (\d+)', out).group(1))
    return {'args': ' '.join(args), 'quantum': quantum, 'jobs': jobs, 'draws': draws, 'done': done}


def lottery_cases():
    cases = [lottery_case(['-s', str(s), '-j', '3']) for s in [1, 2, 3]]          # question 1
    cases += [lottery_case(['-s', str(s), '-l', '10:1,10:100']) for s in range(4)]  # question 2
    cases += [lottery_case(['-s', str(s), '-l', '100:100,100:100']) for s in range(4)]  # question 3
    cases += [lottery_case(['-s', str(s), '-l', '100:100,100:100', '-q', q]) for s in range(2) for q in ['2', '5', '10']]  # question 4
    for seed in range(30):
        cases.append(lottery_case(['-s', str(seed), '-j', str(2 + seed % 3), '-m', '12', '-T', '200', '-q', str(1 + seed % 3)]))
    return cases


if __name__ == '__main__':
    if HOME is None:
        sys.exit('usage: derive.py OSTEP_HOMEWORK_DIR')
    os.makedirs(OUT, exist_ok=True)
    for name, make in [('sched', sched_cases), ('prun', prun_cases), ('mlfq', mlfq_cases), ('lottery', lottery_cases)]:
        cases = make()
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump(cases, f, separators=(',', ':'))
            f.write('\n')
        print(name, len(cases), 'cases')
