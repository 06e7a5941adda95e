// A workload's plain-JS twin as a whole `node` run, for the cross-language comparison in docs/PERFORMANCE.md:
// `node dist/bench/twin.js fib|loop|sieve [n]` exits with the result's low byte, as `quanta run` of the workload does.
import * as js from './baselines.js';

const [name, arg] = process.argv.slice(2);
const twin = name === 'fib' || name === 'loop' || name === 'sieve' ? js[name] : null;
if (twin === null) {
  process.stderr.write('usage: node dist/bench/twin.js fib|loop|sieve [n]\n');
  process.exit(2);
}
process.exit(twin(arg === undefined ? js.CROSS[name as keyof typeof js.CROSS] : Number(arg)) & 255);
