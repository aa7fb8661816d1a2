import type { ProfileId } from '../../schemas/load.js';
import { EXIT } from '../exit-codes.js';
import { fuzzTasks, plannedFuzz } from '../fuzz/cases.js';
import { send } from '../http.js';
import type { CaseResult, TargetRestore } from '../model.js';
import { pool } from '../pool.js';
import { AdminCallError, type AdminState, differences, readAdminState } from './admin-state.js';
import { approvalLine, countApprovals } from './approvals.js';
import { runCase } from './case-runner.js';
import { createContext, type RunContext, type RunEvents, type RunOptions } from './context.js';
import { foldCase } from './fold.js';
import { type Errored, gateOnBootstrap, type Halt } from './gate.js';
import { chooseNamespace, namespaceHeaders } from './namespace.js';
import { needsAdmin, type Plan, PlanError, plan, reportOrder, type Task } from './plan.js';
import { changesAdmin, restore, type Snapshot, snapshot } from './restore.js';
import { skipped } from './result.js';
import { nothingSelected } from './selection.js';
import { SharedSessions, schedule } from './sessions.js';
import type { Execution } from './summary.js';

/**
 * Runs suites against a target: a fresh session per case, every step's response through the contract
 * checks and the step's own expectations, each result redacted before the caller hears of it. Throws
 * PlanError before any request when a suite cannot be checked against its contract.
 */
export async function execute(options: RunOptions, events: RunEvents = {}): Promise<Execution> {
  const started = Date.now();
  const selected = plan(options);
  const base = createContext(options, events);
  const { target, http, redactor } = base;
  // Planned up front so the start line can count them: requests and cases are not the same number.
  const generated = fuzzTasks(selected.suites, options.fuzz ?? 0, options.seed);
  // Nothing to run is the command line's fault (a mistyped --grep), never a pass: exit 2, before any request.
  if (selected.total + generated.length === 0)
    throw new PlanError(nothingSelected(options.suites, options.grep));
  // Reachability: anything that answers at all is reachable; only a transport failure is not. Probed
  // before the start line, which names the namespace the target's health decides.
  const probe = await send({ method: 'GET', url: `${target}/`, headers: options.headers }, http);
  const reachable = probe.ok || probe.kind === 'too-large';
  const health = reachable
    ? await send({ method: 'GET', url: `${target}/__admin/health`, headers: {} }, http)
    : undefined;
  const adminAvailable =
    health?.ok === true && health.response.status === 200 && /"status"\s*:\s*"ok"/.test(health.response.text);
  const choice = chooseNamespace({
    given: options.namespace,
    embedded: options.embeddedMock,
    health: adminAvailable && health?.ok ? parsedJson(health.response.text) : undefined,
  });
  const namespace = choice.kind === 'use' ? choice.name : undefined;
  events.onStart?.({
    target,
    ...(namespace === undefined ? {} : { namespace }),
    profiles: selected.profiles,
    cases: selected.total,
    ...(generated.length > 0 ? { generated: plannedFuzz(generated) } : {}),
  });
  const results: CaseResult[] = [];
  const { signal } = options;
  // Cases that finished before an interruption are the report's; a case cut short, or never started, is
  // reported as not run: a request aborted by Ctrl-C is no finding about the target.
  let finished = 0;
  const record = (result: CaseResult, told: boolean) => {
    // Folded here, where every result passes (run cases and refused ones alike): findings one cause explains.
    const shown = redactor.deep(foldCase(result));
    results.push(shown);
    finished++;
    if (told) events.onCaseEnd?.(shown);
  };
  const finish = (result: CaseResult) => {
    if (signal?.aborted) results.push(notFinished(result, signal));
    else record(result, true);
  };
  // A profile none of whose cases can run is said once, not once per case (79 identical SKIP lines).
  const erroredProfile = (profile: ProfileId, reason: string, cases: readonly CaseResult[]) => {
    for (const result of cases) record(result, false);
    events.onProfileErrored?.({ profile, reason, cases: cases.length });
  };
  let restored: TargetRestore | undefined;
  let errored: Errored[] = [];
  const done = (halt: Halt | undefined): Execution => ({
    target,
    embeddedMock: options.embeddedMock,
    ...(namespace === undefined ? {} : { namespace }),
    seed: options.seed,
    strict: options.strict,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    profiles: selected.profiles,
    cases: [...results].sort(reportOrder(selected, errored)),
    ...(halt ? { halt } : {}),
    ...(errored.length > 0 ? { errored } : {}),
    ...(restored ? { restore: restored } : {}),
    ...(base.retries.length > 0 ? { retries: [...base.retries] } : {}),
    ...(signal?.aborted
      ? {
          interrupted: {
            signal: String(signal.reason),
            finished,
            planned: selected.total + generated.length,
          },
        }
      : {}),
  });

  const notRun = () => {
    for (const task of allTasks(selected, generated)) finish(skipped(task.suite, task.c, 'not run'));
    return done(undefined);
  };
  /** Every profile errored with the one reason: the reports say none of its cases ran, never a pass. */
  const haltAll = (code: number, why: string, reason: string) => {
    errored = selected.profiles.map((profile) => ({ profile, reason: why }));
    for (const profile of selected.profiles) {
      const cases = allTasks(selected, generated).filter((t) => t.suite.profile === profile);
      erroredProfile(
        profile,
        why,
        cases.map((t) => skipped(t.suite, t.c, why)),
      );
    }
    return done({ code, reason });
  };
  if (!probe.ok && probe.kind === 'interrupted') return notRun();
  if (!probe.ok && !reachable) {
    return haltAll(
      EXIT.UNREACHABLE,
      `target unreachable: ${probe.message}`,
      `target ${target} is unreachable: ${probe.message}`,
    );
  }
  if (choice.kind === 'refuse') return haltAll(EXIT.USAGE, choice.reason, choice.reason);
  if (choice.kind === 'ignore') events.warn?.(`tokenrig: warning: ${choice.warning}`);
  if (choice.kind === 'use' && choice.fresh && Object.keys(options.vars).length > 0) {
    // Tokens a user fetched beforehand came from the mock's own world, where this run is not.
    events.warn?.(
      `tokenrig: note: the run is in a fresh namespace, ${choice.name}: a --var naming the mock's state (a token, a session) must come from it; --no-namespace runs in the mock's own world`,
    );
  }
  if (namespace !== undefined) {
    // The namespace's own health: the mock refuses a bad name (400) or one it has no room for (503).
    const own = await send(
      { method: 'GET', url: `${target}/__admin/health`, headers: namespaceHeaders(namespace) },
      http,
    );
    if (!own.ok && own.kind === 'interrupted') return notRun();
    if (!own.ok || own.response.status !== 200) {
      const why = own.ok ? (mockMessage(own.response.text) ?? `status ${own.response.status}`) : own.message;
      const code = own.ok && own.response.status === 400 ? EXIT.USAGE : EXIT.UNREACHABLE;
      const reason = `namespace ${namespace} on ${target} cannot be used: ${why}`;
      return haltAll(code, reason, reason);
    }
  }
  const context: RunContext = { ...base, adminAvailable, ...(namespace === undefined ? {} : { namespace }) };
  const fresh =
    choice.kind === 'use' && choice.fresh
      ? await sayWhatTheOwnWorldHas(unstoppable(context), choice.name)
      : undefined;

  // An embedded mock is thrown away after the run; a mock someone started is left as it was found.
  const changes =
    adminAvailable && !options.embeddedMock && selected.suites.some((s) => s.cases.some(changesAdmin));
  // A fresh namespace's state was just read: that read is the snapshot.
  let before: Snapshot | undefined;
  if (changes) before = fresh ? { ok: true, state: fresh } : await snapshot(unstoppable(context));
  let halt: Halt | undefined;
  try {
    const planned = allTasks(selected, generated);
    // Said before the first login, so a person knows how many codes to expect.
    for (const count of countApprovals(
      context,
      selected.suites,
      planned.filter((t) => !skipReason(context, t)),
    )) {
      events.announce?.(approvalLine(count));
    }
    const gated = await gateOnBootstrap(context, selected.suites);
    for (const { profile, reason } of gated.errored) {
      erroredProfile(
        profile,
        reason,
        gated.refused.filter((r) => r.profile === profile),
      );
    }
    halt = gated.halt;
    errored = gated.errored;
    const tasks: Task[] = [];
    for (const task of [
      ...gated.tasks,
      ...generated.filter((t) => !gated.errored.some((e) => e.profile === t.suite.profile)),
    ]) {
      const why = skipReason(context, task);
      if (why) finish(skipped(task.suite, task.c, why));
      else tasks.push(task);
    }
    const shared = new SharedSessions(gated.sessions);
    const { parallel, chain, alone, last } = schedule(tasks);
    const run = async (task: Task) => {
      // After Ctrl-C no case starts: what is left is reported as not run.
      if (signal?.aborted) finish(skipped(task.suite, task.c, 'not run'));
      else finish(await runCase(context, task, shared));
    };
    await pool(parallel, options.concurrency, run);
    for (const task of [...chain, ...alone, ...last]) await run(task);
  } finally {
    // Also after an exception or an interrupted run: the mock must not stay 18 days ahead.
    if (before) restored = await restoreAndSay(unstoppable(context), before);
  }
  return done(halt);
}

/** Every planned case, the suites' and the generated ones, in plan order. */
function allTasks(selected: Plan, generated: readonly Task[]): Task[] {
  return [...selected.suites.flatMap((s) => s.cases.map((c) => ({ ...s, c }))), ...generated];
}

/**
 * A case an interruption cut short, or kept from starting: not run, with the signal as its reason, and
 * none of what it found (an aborted request is no finding about the target).
 */
function notFinished(result: CaseResult, signal: AbortSignal): CaseResult {
  const { failures: _f, steps: _s, ...info } = result;
  const started = result.steps.length > 0;
  return {
    ...info,
    status: 'skipped',
    reason: `interrupted (${String(signal.reason)}) ${started ? 'before it finished' : 'before it started'}`,
    failures: [],
    steps: [],
    durationMs: started ? result.durationMs : 0,
  };
}

/**
 * The admin calls that put the mock back, without the run's stop signal: Ctrl-C stops the cases, never
 * the restore (the mock must not stay 18 days ahead).
 */
function unstoppable(context: RunContext): RunContext {
  const { signal: _signal, ...http } = context.http;
  return { ...context, http };
}

/** Why a planned case will not run, before it would: no admin API for its clock, or --no-destructive. */
function skipReason(context: RunContext, { c }: Task): string | undefined {
  if (needsAdmin(c) && !context.adminAvailable) {
    return 'needs a tokenrig mock (its /__admin API moves the clock); the target has none';
  }
  if (c.destructive !== undefined && context.options.destructive === false) {
    return `destructive (${c.destructive}); --no-destructive skips it`;
  }
  return undefined;
}

/**
 * A fresh namespace starts as the mock started. Someone who set up the mock's own world at run time
 * (a fault rule, a quirk, an account, the clock) and expected the run to meet it hears that it does
 * not, and how to run there; reading it is best effort, a note is all it is. The namespace's state is
 * returned: the run's snapshot of it.
 */
async function sayWhatTheOwnWorldHas(
  context: RunContext,
  namespace: string,
): Promise<AdminState | undefined> {
  try {
    const [own, fresh] = await Promise.all([
      readAdminState({ target: context.target, http: context.http }),
      readAdminState(context),
    ]);
    const apart = differences(fresh, own);
    if (apart.length > 0) {
      context.events.warn?.(
        `tokenrig: note: the run is in a fresh namespace, ${namespace}, which does not have what the mock's own world was given at run time (${apart.join('; ')}); --no-namespace runs there`,
      );
    }
    return fresh;
  } catch (error) {
    if (!(error instanceof AdminCallError)) throw error;
    return undefined;
  }
}

/** Puts the mock back, saying so when putting it back needed more than the run's own undoing or failed. */
async function restoreAndSay(context: RunContext, before: Snapshot): Promise<TargetRestore> {
  const result = await restore(context, before);
  for (const note of result.notes) context.events.warn?.(`tokenrig: note: ${note}`);
  if (result.status === 'failed') {
    context.events.warn?.(
      `tokenrig: warning: the target was not put back as the run found it: ${result.problems.join('; ')}`,
    );
  }
  return result;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The message of a tokenrig mock's `{error: {message}}`, if the body is one. */
function mockMessage(text: string): string | undefined {
  const body = parsedJson(text);
  const error = typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : undefined;
  const message = typeof error === 'object' && error !== null ? Reflect.get(error, 'message') : undefined;
  return typeof message === 'string' ? message : undefined;
}
