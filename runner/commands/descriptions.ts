/**
 * The line `tokenrig --help` shows for each command. Its own file, importing nothing, so that a command
 * module and the lazy command list (index.ts, which imports the modules) both read it without the two
 * importing each other (test/imports.test.ts forbids the cycle).
 */
export const COMMAND_DESCRIPTIONS = {
  mock: "Serve the vendors' token APIs (stateful mock with faults on demand)",
  run: 'Run the conformance suites against a target (the built-in mock by default)',
  list: 'List profiles, operations and suites with case counts',
  validate: 'Check suite files against schemas/suite.schema.json and the profiles',
  verify: "Check a running mock's journal for the requests a client should have sent (exit 0/1)",
} as const;

export type CommandName = keyof typeof COMMAND_DESCRIPTIONS;

export function describeCommand(name: CommandName): string {
  return COMMAND_DESCRIPTIONS[name];
}
