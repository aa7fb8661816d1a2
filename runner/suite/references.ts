import { BUILT_IN_VARIABLES } from '../template.js';
import { closestName } from './closest-name.js';
import type { Problem } from './consistency.js';
import { stepPlaceholders } from './placeholders.js';
import { type CaseStep, isClockStep, type Suite } from './types.js';

/** Which variables a suite takes from `--var`, for `tokenrig validate` to say. */
export interface SuiteVariables {
  /** Given names the suite reads where nothing else sets them: it needs them on every run. */
  readonly fromVars: readonly string[];
  /** `bootstrap.provides`: given all together, they replace the login. */
  readonly session: readonly string[];
}

export interface References {
  /** At JSON pointers into the resolved suite, in the order a run would meet them. */
  readonly problems: readonly Problem[];
  readonly variables: SuiteVariables;
}

/** Where a variable is captured: `bootstrap` or a case id, the step's index and name. */
interface Capture {
  readonly sequence: string;
  readonly index: number;
  readonly step: string;
}

/** A sequence of steps being checked: the bootstrap's, or a case's (with or without the login). */
interface Sequence {
  readonly name: string;
  readonly at: string;
  readonly steps: readonly CaseStep[];
  /** For a case: whether the bootstrap gives it a session (`session` not false, a bootstrap exists). */
  readonly session: boolean;
}

const BUILT_INS: ReadonlySet<string> = new Set(BUILT_IN_VARIABLES);

/**
 * Every `{{variable}}` a run of the suite would read, checked before any request against what would be
 * set at that moment: the built-ins, the `--var` names `given`, the session the bootstrap provides, and
 * the captures of earlier steps of the same sequence (a step's own captures come from its answer, after
 * its request and assertions). A name set by none is undefined (with the likeliest meant name); one
 * captured, but too late or elsewhere, is an unknown capture, and the message says where it is set.
 * A `provides` name no bootstrap step captures is a problem too: no session would hold it.
 */
export function references(suite: Suite, given: readonly string[]): References {
  const problems: Problem[] = [];
  const fromVars = new Set<string>();
  const captures = capturesOf(suite);
  const provides = suite.bootstrap?.provides ?? [];
  const bootstrapCaptures = new Set(suite.bootstrap?.steps.flatMap((s) => Object.keys(s.capture ?? {})));

  const check = (sequence: Sequence): void => {
    const captured = new Set<string>();
    const fromLogin = new Set(sequence.session ? provides : []);
    sequence.steps.forEach((step, index) => {
      if (isClockStep(step)) return;
      const seen = new Set<string>();
      for (const use of stepPlaceholders(step)) {
        const { name } = use;
        // `{{x}}-{{x}}` is one problem of one string.
        if (seen.has(`${use.pointer}\n${name}`)) continue;
        seen.add(`${use.pointer}\n${name}`);
        if (BUILT_INS.has(name) || fromLogin.has(name) || captured.has(name)) continue;
        if (given.includes(name)) {
          fromVars.add(name);
          continue;
        }
        const scope = new Set([...BUILT_INS, ...given, ...fromLogin, ...captured]);
        const why = unset(name, sequence, index, { captures, bootstrapCaptures, given, scope });
        const where = `${sequence.name}, step "${step.name}"`;
        problems.push({ pointer: `${sequence.at}/${index}${use.pointer}`, problem: `${why} (${where})` });
      }
      for (const name of Object.keys(step.capture ?? {})) captured.add(name);
    });
  };

  if (suite.bootstrap) {
    check({ name: 'bootstrap', at: '/bootstrap/steps', steps: suite.bootstrap.steps, session: false });
    provides.forEach((name, i) => {
      if (!bootstrapCaptures.has(name)) {
        problems.push({
          pointer: `/bootstrap/provides/${i}`,
          problem: `the bootstrap provides ${name}, but none of its steps captures it: no session would hold it`,
        });
      }
    });
  }
  suite.cases.forEach((c, i) => {
    const session = c.session !== false && suite.bootstrap !== undefined;
    check({ name: `case ${c.id}`, at: `/cases/${i}/steps`, steps: c.steps, session });
  });
  return { problems, variables: { fromVars: [...fromVars].sort(), session: provides } };
}

/** Every capture of the suite by name, in suite order. */
function capturesOf(suite: Suite): ReadonlyMap<string, readonly Capture[]> {
  const out = new Map<string, Capture[]>();
  const add = (sequence: string, steps: readonly CaseStep[]) =>
    steps.forEach((step, index) => {
      if (isClockStep(step)) return;
      for (const name of Object.keys(step.capture ?? {})) {
        out.set(name, [...(out.get(name) ?? []), { sequence, index, step: step.name }]);
      }
    });
  if (suite.bootstrap) add('bootstrap', suite.bootstrap.steps);
  for (const c of suite.cases) add(c.id, c.steps);
  return out;
}

interface Known {
  readonly captures: ReadonlyMap<string, readonly Capture[]>;
  readonly bootstrapCaptures: ReadonlySet<string>;
  readonly given: readonly string[];
  /** Every name set when the step runs: the hint's candidates. */
  readonly scope: ReadonlySet<string>;
}

/** Why `name` is not set when step `index` of `sequence` runs: the first reason that applies. */
function unset(name: string, sequence: Sequence, index: number, known: Known): string {
  const id = sequence.name === 'bootstrap' ? 'bootstrap' : sequence.name.slice('case '.length);
  const all = known.captures.get(name) ?? [];
  const later = all.find((c) => c.sequence === id && c.index >= index);
  if (later) {
    return later.index === index
      ? `{{${name}}} is read by the step that captures it: a step's captures come from its own answer, after its request is sent and checked`
      : `{{${name}}} is read before it is captured: step ${later.index} ("${later.step}") captures it, later`;
  }
  if (id !== 'bootstrap' && known.bootstrapCaptures.has(name)) {
    return sequence.session
      ? `{{${name}}} is captured by the bootstrap but not listed in its provides: a run given the session with --var skips the login and would not have it`
      : `{{${name}}} comes from the bootstrap, which this case does not run (session: false)`;
  }
  const elsewhere = all.find((c) => c.sequence !== id);
  if (elsewhere) {
    const owner = elsewhere.sequence === 'bootstrap' ? 'the bootstrap' : `case ${elsewhere.sequence}`;
    return `{{${name}}} is captured only by ${owner} (step "${elsewhere.step}"): every case runs in a fresh session of its own`;
  }
  const near = closestName(name, known.scope);
  const givenText = known.given.length > 0 ? `given: ${[...known.given].sort().join(', ')}` : 'none given';
  const hint = near ? `did you mean \`${near}\`?` : `if it is an input, pass it with --var ${name}=…`;
  return `{{${name}}} is not defined: no built-in (${BUILT_IN_VARIABLES.join(', ')}), earlier capture or --var (${givenText}) has that name; ${hint}`;
}
