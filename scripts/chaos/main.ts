/**
 * `npm run chaos -- --seed N --ops M`: the last line printed is the JSON summary; exit 1 on
 * any violation (unexpected refusals and dead letters other than the poison included).
 */
import { parseArgs } from 'node:util';
import { runChaos } from './run';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    ops: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
  },
});
const seed = Number(values.seed);
const ops = Number(values.ops);
console.error(`chaos: seed ${seed}, ${ops} operations`);
const summary = await runChaos({ seed, ops, concurrency: Number(values.concurrency), progress: (line) => console.error(line) });
for (const violation of summary.details.violations) console.error(`violation: ${violation}`);
console.error(`operations: ${JSON.stringify(summary.details.operations)}, refused: ${JSON.stringify(summary.details.refused)}`);
const { details: _details, ...line } = summary;
console.log(JSON.stringify(line));
process.exit(summary.violations > 0 || summary.stuck > 0 ? 1 : 0);
