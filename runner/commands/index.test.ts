import t from 'tap';
import { COMMANDS, loadCommands } from './index.js';

const names = COMMANDS.map((c) => c.name);

t.test(
  'a named command is the only module loaded; the others are listed by name and description',
  async (t) => {
    const commands = await loadCommands(['mock', '--port', '0', '--api', 'vcf']);
    t.strictSame(
      commands.map((c) => c.command),
      names,
    );
    const [mock, ...others] = commands;
    t.equal(typeof mock?.builder, 'function', 'mock has its options');
    for (const stub of others) {
      t.equal(stub.builder, undefined, `${stub.command} is not loaded`);
      t.equal(stub.describe, COMMANDS.find((c) => c.name === stub.command)?.describe);
      t.throws(() => (stub.handler as () => void)(), /was not loaded/);
    }
  },
);

t.test(
  'without a command first (bare --help, a typo, a flag value first) every command is loaded',
  async (t) => {
    for (const argv of [['--help'], ['mok'], [], ['--api', 'vcf', 'mock']]) {
      const commands = await loadCommands(argv);
      t.ok(
        commands.every((c) => typeof c.builder === 'function'),
        `${JSON.stringify(argv)}: all loaded`,
      );
    }
  },
);

t.test("each loaded command's description is the one in the list", async (t) => {
  for (const entry of COMMANDS) t.equal((await entry.load()).describe, entry.describe, entry.name);
});
