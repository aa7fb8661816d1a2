/**
 * `npm run bench`: every figure of the issue with its ratio, measured in the same run. Arguments:
 * --quick (short rounds, for a smoke test), --rounds N, --seconds S, --connections C.
 */
import { parseArgs } from 'node:util';
import { printThroughput, throughput } from './throughput.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '50' },
  },
});
const options = {
  rounds: Number(values.rounds ?? (values.quick ? 1 : 3)),
  seconds: Number(values.seconds ?? (values.quick ? 2 : 5)),
  connections: Number(values.connections),
};
printThroughput(await throughput(options), options);
