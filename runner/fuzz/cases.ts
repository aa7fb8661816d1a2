import { createHash } from 'node:crypto';
import type { CaseResult } from '../model.js';
import type { Task } from '../run/plan.js';
import { allowsSuccess } from '../suite/status.js';
import { type CaseStep, isClockStep, type Step } from '../suite/types.js';

/** A generated case's id: `<profile>.<operation>.negative-<n>`. */
const GENERATED_ID = /\.negative-\d+$/;
/** A generated request's step name: `negative #<n>` (the steps before it are its set-up). */
const GENERATED_STEP = /^negative #\d+$/;

/** Generated cases and requests: what `--fuzz N` planned, or what a report shows was sent. */
export interface FuzzCount {
  readonly cases: number;
  readonly requests: number;
}

/**
 * The generated cases of a plan and the requests they will send. `--fuzz 2000` is 2000 requests in
 * 200 cases of FUZZ_BATCH: counts say which is which, never "200" for 2000.
 */
export function plannedFuzz(tasks: readonly Pick<Task, 'c'>[]): FuzzCount {
  return {
    cases: tasks.length,
    requests: tasks.reduce((n, t) => n + t.c.steps.filter((s) => 'fuzz' in s).length, 0),
  };
}

/**
 * The generated cases of a report, the generated requests they sent (a case cut short sent fewer) and
 * how many of the cases failed.
 */
export function sentFuzz(cases: readonly CaseResult[]): FuzzCount & { readonly failed: number } {
  const generated = cases.filter((c) => GENERATED_ID.test(c.id));
  return {
    cases: generated.length,
    failed: generated.filter((c) => c.status === 'failed').length,
    requests: generated.reduce((n, c) => n + c.steps.filter((s) => GENERATED_STEP.test(s.name)).length, 0),
  };
}

/** Mutated requests per generated case: they share one session, as a client retrying would. */
export const FUZZ_BATCH = 10;

/** A step of a generated negative case: the suite's valid request for the operation, then mutated. */
export interface FuzzStep extends Step {
  readonly fuzz: { readonly index: number; readonly forgeKey: Buffer };
}

export function isFuzzStep(step: Step): step is FuzzStep {
  return 'fuzz' in step;
}

/** A valid call of an operation a suite shows, and the steps before it in its case that set it up. */
interface FuzzTarget {
  readonly suite: Task['suite'];
  readonly contract: Task['contract'];
  readonly prefix: readonly CaseStep[];
  readonly base: Step;
}

/**
 * Per operation, the first step of the suites that calls it as documented and expects a success.
 * Steps before the base in its own case set up what it needs; the bootstrap runs anyway.
 */
export function fuzzTargets(suites: readonly Pick<Task, 'suite' | 'contract'>[]): FuzzTarget[] {
  const targets: FuzzTarget[] = [];
  for (const { suite, contract } of suites) {
    const seen = new Set<string>();
    const sequences: (readonly CaseStep[])[] = [
      ...(suite.bootstrap ? [suite.bootstrap.steps] : []),
      ...suite.cases.map((c) => c.steps),
    ];
    for (const [n, steps] of sequences.entries()) {
      steps.forEach((step, i) => {
        // A clock step is no request to mutate; it stays in the prefix, part of the set-up.
        if (isClockStep(step)) return;
        const op = step.operation;
        const documentedCall = op !== undefined && !step.request?.method && !step.request?.path;
        const success = !step.expect?.status || step.expect.status.some(allowsSuccess);
        if (!documentedCall || !success || seen.has(op)) return;
        seen.add(op);
        targets.push({
          suite,
          contract,
          prefix: n === 0 && suite.bootstrap ? [] : steps.slice(0, i),
          base: step,
        });
      });
    }
  }
  return targets;
}

/**
 * `--fuzz N`: N mutated requests, round-robin over every fuzz target, in cases of FUZZ_BATCH. Which
 * mutation each request gets follows from its index: reproducible with --seed.
 */
export function fuzzTasks(
  suites: readonly Pick<Task, 'suite' | 'contract'>[],
  total: number,
  seed: number,
): Task[] {
  if (total <= 0) return [];
  const targets = fuzzTargets(suites);
  const forgeKey = createHash('sha256').update(`tokenrig-forged:${seed}`).digest();
  const out: Task[] = [];
  const perTarget = new Map<number, number>();
  for (let sent = 0, batch = 0; sent < total; batch++) {
    const t = batch % targets.length;
    const target = targets[t];
    if (!target) break;
    const size = Math.min(FUZZ_BATCH, total - sent);
    const first = perTarget.get(t) ?? 0;
    perTarget.set(t, first + size);
    const steps: CaseStep[] = [...target.prefix];
    for (let k = 0; k < size; k++) {
      // Only what the request is made of: a generated request is sent once, never polled or captured.
      const fuzzStep: FuzzStep = {
        name: `negative #${first + k}`,
        ...(target.base.operation === undefined ? {} : { operation: target.base.operation }),
        ...(target.base.request === undefined ? {} : { request: target.base.request }),
        fuzz: { index: first + k, forgeKey },
      };
      steps.push(fuzzStep);
    }
    const { profile } = target.suite;
    out.push({
      suite: target.suite,
      contract: target.contract,
      c: {
        id: `${profile}.${target.base.operation}.negative-${first / FUZZ_BATCH + 1}`,
        title: `Generated negative requests ${first}–${first + size - 1} for ${target.base.operation}`,
        severity: 'must',
        clauses: [
          { kind: 'standard', source: 'RFC 9110 §15.6: a client error is a 4xx, never a 5xx' },
          { kind: 'documented', source: `schemas/${profile}/openapi.json` },
        ],
        tags: ['negative'],
        steps,
      },
    });
    sent += size;
  }
  return out;
}
