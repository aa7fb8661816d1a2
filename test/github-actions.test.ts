// examples/github-actions.yml is what the README's "In CI" section shows, parses as a workflow that
// gates on tokenrig's exit code and keeps the JUnit report, and its shell steps work as written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse } from 'yaml';
import { runSnippet } from './helpers/shell-snippet.js';

const WORKFLOW = fileURLToPath(new URL('../examples/github-actions.yml', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly 'continue-on-error'?: unknown;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, { readonly 'runs-on': string; readonly steps: readonly Step[] }>;
}

const text = readFileSync(WORKFLOW, 'utf8');
// The file is YAML we wrote; its shape is checked step by step below.
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
const index = (test: (s: Step) => boolean): number => steps.findIndex(test);

t.test('the README shows the file exactly', async (t) => {
  const section = readFileSync(README, 'utf8').split('\n### In CI\n')[1]?.split('\n### ')[0] ?? '';
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  t.equal(block, text);
});

t.test('checkout, setup-node, npm ci, the mock in the background, the gate, the upload', async (t) => {
  t.ok('push' in workflow.on && 'pull_request' in workflow.on, 'runs on pushes and pull requests');
  t.equal(Object.keys(workflow.jobs).length, 1);
  const checkout = index((s) => s.uses?.startsWith('actions/checkout@') === true);
  const node = index((s) => s.uses?.startsWith('actions/setup-node@') === true);
  const ci = index((s) => s.run?.trim() === 'npm ci');
  const mock = index((s) => /npx tokenrig mock .*&\s*$/m.test(s.run ?? ''));
  const gate = index((s) => /npx tokenrig run /.test(s.run ?? ''));
  const upload = index((s) => s.uses?.startsWith('actions/upload-artifact@') === true);
  t.same([checkout, node, ci, mock, gate, upload], [0, 1, 2, 3, 4, 5], 'in this order');
  t.match(steps[node]?.with?.['node-version'], /^(20|22|24)$/, 'a supported Node.js line');

  const run = steps[gate]?.run ?? '';
  t.match(run, /--target http:\/\/127\.0\.0\.1:4010/, 'against the mock the step before started');
  t.match(run, /--reporter \S*junit\S*/);
  t.match(run, /--reporter \S*markdown\S*/);
  t.match(run, /--baseline known-failures\.json/);
  t.match(run, /--out reports/);
  t.notOk(steps[gate]?.['continue-on-error'], 'the exit code gates the job');
  t.notOk(steps[gate]?.if, 'the gate always runs');
  t.notMatch(run, /\|\||; *true|set \+e/, 'nothing swallows the exit code');

  t.equal(steps[upload]?.if, 'always()', 'the report is uploaded when the gate fails too');
  t.match(String(steps[upload]?.with?.path), /^reports\/?(junit\.xml)?$/, 'the folder that holds junit.xml');
});

t.test(
  'its shell steps, run as written, start the mock and pass the gate with the reports in place',
  async (t) => {
    const dir = t.testdir();
    writeFileSync(join(dir, 'known-failures.json'), '{"entries": []}\n');
    const mock = steps[index((s) => /tokenrig mock/.test(s.run ?? ''))]?.run ?? '';
    const gate = steps[index((s) => /tokenrig run/.test(s.run ?? ''))]?.run ?? '';
    const summary = join(dir, 'step-summary.md');
    const result = await runSnippet(`export GITHUB_STEP_SUMMARY="${summary}"\n${mock}\n${gate}`, dir);
    t.equal(result.code, 0, result.stderr);
    t.match(result.stdout, /baseline known-failures\.json: 0 known, 0 new, 0 expired, 0 stale/);
    t.ok(existsSync(join(dir, 'reports', 'junit.xml')), 'the JUnit report is where the upload looks');
    t.ok(existsSync(join(dir, 'reports', 'report.md')));
    t.match(readFileSync(summary, 'utf8'), /^## ✅ tokenrig: exit 0/);
  },
);
