import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createFaker } from '../mocks/core/random.js';
import {
  type OperationContract,
  PROFILE_IDS,
  type ProfileContract,
  type ProfileId,
  SCHEMAS_DIR,
} from '../schemas/load.js';
import { type Exchange, parseJson, severityFor } from './checks/check.js';
import { CHECKS, type CheckUse, SCHEMA_CHECKS } from './checks/index.js';
import { curlLine } from './curl.js';
import { EXIT } from './exit-codes.js';
import { isAcceptance, type Mutation, mutationsFor } from './fuzz/mutations.js';
import { type HttpOutcome, type HttpRequest, send } from './http.js';
import type { CaseResult, Failure, ProfileSummary, RunReport, Severity, StepResult } from './model.js';
import { pool } from './pool.js';
import { Redactor } from './redact.js';
import type { Reporter, ReporterContext } from './reporters/reporter.js';
import { allowsSuccess, matchesAnyStatus } from './suite/status.js';
import { type CaseStep, isClockStep, type Step, type Suite, type SuiteCase } from './suite/types.js';
import { render, renderString, resolvePointer, TemplateError } from './template.js';

export interface RunOptions {
  readonly target: string;
  readonly embeddedMock: boolean;
  readonly suites: readonly Suite[];
  readonly contracts: ReadonlyMap<ProfileId, ProfileContract>;
  readonly username: string;
  readonly password: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly strict: boolean;
  readonly grep?: RegExp;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly seed: number;
  readonly showSecrets: boolean;
  readonly reporters: readonly Reporter[];
  readonly reporterContext: ReporterContext;
  /** Instructions for a human (device-flow verification URL and code); printed on stderr by the CLI. */
  readonly announce: (text: string) => void;
  readonly checks?: readonly CheckUse[];
  /** Generated negative requests to send on top of the suites (`--fuzz N`), spread over the operations. */
  readonly fuzz?: number;
  /** Sees every request as sent (the benchmark replays them with bare fetch calls as its floor). */
  readonly onRequest?: (request: HttpRequest) => void;
}

/** Mutated requests per generated case: they share one session, as a client retrying would. */
const FUZZ_BATCH = 10;

/** A step of a generated negative case: the suite's valid request for the operation, then mutated. */
interface FuzzStep extends Step {
  readonly fuzz: { readonly index: number; readonly forgeKey: Buffer };
}

function isFuzzStep(step: Step): step is FuzzStep {
  return 'fuzz' in step;
}

const VERSION = (
  JSON.parse(readFileSync(join(dirname(SCHEMAS_DIR), 'package.json'), 'utf8')) as { version: string }
).version;

/** Captured values under these names are credentials: redacted in reports, checked for echo in errors. */
const SECRET_NAME = /token|password|secret|key|code|cookie|id$/i;

interface Session {
  readonly vars: Map<string, unknown>;
  readonly secrets: Set<string>;
}

/** Why a case stopped early: its later steps would only fail on missing captures. */
class CaseAborted extends Error {}

/**
 * Runs suites against a target: a fresh session per case, every step's response through the contract
 * checks and the step's own expectations, results redacted and handed to the reporters.
 */
export async function runSuites(options: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const redactor = new Redactor(!options.showSecrets);
  redactor.add(options.password);
  for (const [name, value] of Object.entries(options.vars)) if (SECRET_NAME.test(name)) redactor.add(value);
  // Not the run's seed itself: the embedded mock draws its ids from that seed, and a suite's
  // "unknown id" must never be one the mock has just issued.
  const faker = createFaker(createHash('sha256').update(`runner:${options.seed}`).digest().readUInt32BE(0));
  const uuid = () => faker.string.uuid();
  const checks = options.checks ?? CHECKS;
  const target = options.target.replace(/\/+$/, '');
  const http = { timeoutMs: options.timeoutMs, maxBodyBytes: options.maxBodyBytes };

  const selected = options.suites.map((suite) => ({
    suite,
    cases: suite.cases.filter(
      (c) => !options.grep || options.grep.test(`${c.id} ${c.title} ${(c.tags ?? []).join(' ')}`),
    ),
  }));
  const total = selected.reduce((n, s) => n + s.cases.length, 0);
  const profiles = PROFILE_IDS.filter((id) => selected.some((s) => s.suite.profile === id));
  for (const r of options.reporters) r.onStart?.({ target, profiles, cases: total }, options.reporterContext);

  const results: CaseResult[] = [];
  const finishCase = (result: CaseResult) => {
    const shown = redactor.deep(result);
    results.push(shown);
    for (const r of options.reporters) r.onCaseEnd?.(shown, options.reporterContext);
  };

  // Reachability: anything that answers at all is reachable; only a transport failure is not.
  const probe = await send({ method: 'GET', url: `${target}/`, headers: options.headers }, http);
  let exitOverride: { code: number; reason: string } | undefined;
  if (!probe.ok && probe.kind !== 'too-large') {
    exitOverride = { code: EXIT.UNREACHABLE, reason: `target ${target} is unreachable: ${probe.message}` };
    for (const { suite, cases } of selected) {
      for (const c of cases) finishCase(skipped(suite, c, `target unreachable: ${probe.message}`));
    }
    return finish();
  }
  const health = await send({ method: 'GET', url: `${target}/__admin/health`, headers: {} }, http);
  const adminAvailable =
    health.ok && health.response.status === 200 && /"status"\s*:\s*"ok"/.test(health.response.text);

  const tasks: { suite: Suite; contract: ProfileContract | undefined; c: SuiteCase }[] = [];
  for (const { suite, cases } of selected) {
    if (cases.length === 0) continue;
    const contract = options.contracts.get(suite.profile);
    // One bootstrap before the cases: if the target cannot log us in, no case can say anything.
    if (suite.bootstrap && !providedByVars(suite)) {
      const failures: Failure[] = [];
      const steps: StepResult[] = [];
      const ok = await bootstrap(suite, contract, newSession(), failures, steps);
      // No session: the sequence broke off, or the login answered other than the suite expects. A login
      // that works but, say, violates its schema is a conformance failure the cases will report.
      const refused = failures.filter((f) => f.severity === 'must' && (f.check === 'assertion' || !ok));
      if (!ok || refused.length > 0) {
        const first = refused[0] ?? failures[0];
        const reason = `session bootstrap failed: ${first ? `${first.title}: ${first.message}` : 'no session'}`;
        exitOverride ??= { code: EXIT.UNREACHABLE, reason: `${suite.profile}: ${reason}` };
        for (const c of cases) {
          finishCase({ ...caseInfo(suite, c), status: 'failed', reason, failures, steps, durationMs: 0 });
        }
        continue;
      }
    }
    for (const c of cases) tasks.push({ suite, contract, c });
  }
  for (const generated of fuzzCases()) tasks.push(generated);
  // Cases that move the mock's clock would expire every other case's tokens: they run alone, last.
  const exclusive = (t: (typeof tasks)[number]) => needsAdmin(t.c);
  await pool(
    tasks.filter((t) => !exclusive(t)),
    options.concurrency,
    async ({ suite, contract, c }) => finishCase(await runCase(suite, contract, c)),
  );
  for (const { suite, contract, c } of tasks.filter(exclusive)) finishCase(await runCase(suite, contract, c));
  return finish();

  /**
   * `--fuzz N`: N mutated requests, round-robin over every operation for which a suite shows a valid
   * request (the first step that calls it as documented and expects a success), in cases of
   * FUZZ_BATCH. Which mutation each request gets follows from its index: reproducible with --seed.
   */
  function fuzzCases(): { suite: Suite; contract: ProfileContract | undefined; c: SuiteCase }[] {
    const total = options.fuzz ?? 0;
    if (total <= 0) return [];
    const targets: {
      suite: Suite;
      contract: ProfileContract | undefined;
      prefix: CaseStep[];
      base: Step;
    }[] = [];
    for (const { suite } of selected) {
      const contract = options.contracts.get(suite.profile);
      const seen = new Set<string>();
      const sequences: CaseStep[][] = [
        ...(suite.bootstrap ? [[...suite.bootstrap.steps]] : []),
        // A clock step is no request to mutate; it stays in the prefix (it is part of the set-up).
        ...suite.cases.map((c) => [...c.steps]),
      ];
      for (const [n, steps] of sequences.entries()) {
        steps.forEach((step, i) => {
          if (isClockStep(step)) return;
          const op = step.operation;
          const documentedCall = op !== undefined && !step.request?.method && !step.request?.path;
          const success = !step.expect?.status || step.expect.status.some(allowsSuccess);
          if (!documentedCall || !success || seen.has(op)) return;
          seen.add(op);
          // Steps before the base in its own case set up what it needs; the bootstrap runs anyway.
          targets.push({
            suite,
            contract,
            prefix: n === 0 && suite.bootstrap ? [] : steps.slice(0, i),
            base: step,
          });
        });
      }
    }
    const forgeKey = createHash('sha256').update(`tokenrig-forged:${options.seed}`).digest();
    const out: { suite: Suite; contract: ProfileContract | undefined; c: SuiteCase }[] = [];
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
      out.push({
        suite: target.suite,
        contract: target.contract,
        c: {
          id: `${target.suite.profile}.${target.base.operation}.negative-${first / FUZZ_BATCH + 1}`,
          title: `Generated negative requests ${first}–${first + size - 1} for ${target.base.operation}`,
          severity: 'must',
          clauses: [
            { kind: 'standard', source: 'RFC 9110 §15.6: a client error is a 4xx, never a 5xx' },
            { kind: 'documented', source: `schemas/${target.suite.profile}/openapi.json` },
          ],
          tags: ['negative'],
          steps,
        },
      });
      sent += size;
    }
    return out;
  }

  function finish(): RunReport {
    const summaries: ProfileSummary[] = profiles.map((profile) => {
      const own = results.filter((r) => r.profile === profile);
      const mustCases = own.filter((r) => r.severity === 'must' && r.status !== 'skipped');
      return {
        profile,
        total: own.length,
        passed: own.filter((r) => r.status === 'passed').length,
        failed: own.filter((r) => r.status === 'failed').length,
        skipped: own.filter((r) => r.status === 'skipped').length,
        warnings: own.reduce((n, r) => n + r.failures.filter((f) => f.severity === 'should').length, 0),
        score: {
          passed: mustCases.filter((r) => r.status === 'passed').length,
          applicable: mustCases.length,
        },
      };
    });
    const failed = results.filter((r) => r.status === 'failed').length;
    const warnings = summaries.reduce((n, s) => n + s.warnings, 0);
    let exitCode: number = EXIT.OK;
    let exitReason = `no must failure in ${results.length} cases${warnings ? ` (${warnings} should warnings)` : ''}`;
    if (exitOverride) {
      exitCode = exitOverride.code;
      exitReason = exitOverride.reason;
    } else if (failed > 0) {
      exitCode = EXIT.FAILURES;
      exitReason = `${failed} of ${results.length} cases failed`;
    }
    const order = new Map(selected.flatMap(({ cases }) => cases.map((c, i) => [c.id, i] as const)));
    const cases = [...results].sort(
      (a, b) =>
        profiles.indexOf(a.profile) - profiles.indexOf(b.profile) ||
        (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0),
    );
    return {
      tool: { name: 'tokenrig', version: VERSION },
      target,
      embeddedMock: options.embeddedMock,
      seed: options.seed,
      strict: options.strict,
      startedAt,
      durationMs: Date.now() - started,
      exitCode,
      exitReason,
      profiles: summaries,
      cases,
    };
  }

  function newSession(): Session {
    const vars = new Map<string, unknown>([
      ['username', options.username],
      ['password', options.password],
      ['baseUrl', target],
    ]);
    for (const [k, v] of Object.entries(options.vars)) vars.set(k, v);
    return { vars, secrets: new Set([options.password]) };
  }

  function providedByVars(suite: Suite): boolean {
    return suite.bootstrap?.provides.every((v) => Object.hasOwn(options.vars, v)) === true;
  }

  async function runCase(
    suite: Suite,
    contract: ProfileContract | undefined,
    c: SuiteCase,
  ): Promise<CaseResult> {
    const caseStarted = performance.now();
    if (needsAdmin(c) && !adminAvailable) {
      return skipped(
        suite,
        c,
        'needs a tokenrig mock (its /__admin API moves the clock); the target has none',
      );
    }
    const severity = c.severity ?? 'must';
    const session = newSession();
    const failures: Failure[] = [];
    const steps: StepResult[] = [];
    let reason: string | undefined;
    if (c.session !== false && suite.bootstrap && !providedByVars(suite)) {
      if (!(await bootstrap(suite, contract, session, failures, steps))) reason = 'session bootstrap failed';
    }
    if (reason === undefined)
      await runSteps(contract, c.steps, session, failures, steps, severity, undefined);
    const mustFailed = failures.some((f) => f.severity === 'must');
    const shouldFailed = failures.some((f) => f.severity === 'should');
    return {
      ...caseInfo(suite, c),
      status: mustFailed || (options.strict && shouldFailed) || reason ? 'failed' : 'passed',
      ...(reason ? { reason } : {}),
      failures,
      steps,
      durationMs: Math.round(performance.now() - caseStarted),
    };
  }

  /** The suite's login flow into `session`; its steps are reported as `bootstrap: …`, always at must. */
  function bootstrap(
    suite: Suite,
    contract: ProfileContract | undefined,
    session: Session,
    failures: Failure[],
    steps: StepResult[],
  ): Promise<boolean> {
    return runSteps(contract, suite.bootstrap?.steps ?? [], session, failures, steps, 'must', 'bootstrap');
  }

  /** Runs steps in order; false when the sequence had to stop (transport failure, missing capture). */
  async function runSteps(
    contract: ProfileContract | undefined,
    stepList: readonly CaseStep[],
    session: Session,
    failures: Failure[],
    results: StepResult[],
    caseSeverity: Severity,
    prefix: string | undefined,
  ): Promise<boolean> {
    for (const step of stepList) {
      const name = prefix ? `${prefix}: ${step.name}` : step.name;
      try {
        if (isClockStep(step)) {
          if (!(await advanceClock(step.advanceClock, name, failures, results))) return false;
          continue;
        }
        await runStep(contract, step, name, session, failures, results, caseSeverity);
      } catch (error) {
        if (error instanceof CaseAborted) return false;
        const harness =
          error instanceof TemplateError ? 'Suite refers to an undefined variable' : 'Harness error';
        failures.push({
          check: 'harness',
          title: harness,
          message: (error as Error).message,
          severity: 'must',
          step: name,
        });
        return false;
      }
    }
    return true;
  }

  /**
   * A clock step: tokenrig's admin API moves the mock's clock. If the move fails the case cannot test
   * what it meant to (an expiry it never reached), so that is a harness failure of the case, never a pass.
   */
  async function advanceClock(
    seconds: number,
    name: string,
    failures: Failure[],
    results: StepResult[],
  ): Promise<boolean> {
    const request: HttpRequest = {
      method: 'POST',
      url: `${target}/__admin/clock`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: seconds }),
    };
    const outcome = await send(request, http);
    results.push({
      name,
      method: request.method,
      url: request.url,
      ...(outcome.ok ? { status: outcome.response.status } : {}),
      durationMs: outcome.durationMs,
    });
    if (outcome.ok && outcome.response.status === 200) return true;
    failures.push({
      check: 'harness',
      title: 'Clock could not be moved',
      message: `${name}: POST /__admin/clock {"advance": ${seconds}} ${
        outcome.ok ? `answered ${outcome.response.status}` : `failed: ${outcome.message}`
      } / Expected: 200; the case cannot test what it meant to`,
      severity: 'must',
      step: name,
      curl: curlLine(request, redactor),
    });
    return false;
  }

  async function runStep(
    contract: ProfileContract | undefined,
    step: Step,
    name: string,
    session: Session,
    failures: Failure[],
    results: StepResult[],
    caseSeverity: Severity,
  ): Promise<void> {
    const severity = step.expect?.severity ?? caseSeverity;
    const documented = step.operation === undefined ? undefined : contract?.operations.get(step.operation);
    let request = buildRequest(step, documented, session);
    let mutation: Mutation | undefined;
    if (isFuzzStep(step) && documented) {
      const all = mutationsFor(documented, request, step.fuzz.forgeKey);
      mutation = all[step.fuzz.index % all.length];
      if (mutation) request = mutation.apply(request);
    }
    // A step that changes the documented method or path no longer calls the documented operation.
    const operation = documented && !step.request?.method && !step.request?.path ? documented : undefined;
    options.onRequest?.(request);
    const outcome = await sendStep(request, step, session);
    results.push({
      name,
      method: request.method,
      url: request.url,
      ...(outcome.ok ? { status: outcome.response.status } : {}),
      durationMs: outcome.durationMs,
    });
    const curl = curlLine(request, redactor);
    // A generated request's findings say what was generated; the curl line shows it byte for byte.
    const note = mutation ? ` [input: ${mutation.description}]` : '';
    const add = (f: Omit<Failure, 'step' | 'curl'>) =>
      failures.push({ ...f, message: `${f.message}${note}`, step: name, curl });
    if (!outcome.ok) {
      add({
        check: 'transport',
        title: TRANSPORT_TITLES[outcome.kind],
        message: outcome.message,
        severity: 'must',
      });
      throw new CaseAborted();
    }
    const { response } = outcome;
    const exchange: Exchange = {
      ...(operation ? { operation } : {}),
      request,
      response,
      json: parseJson(response.text),
    };
    // Every call of the API gets the checks (a wrong-method probe still must not get a 5xx); calls of
    // tokenrig's admin API do not. Checks that need the documented operation skip the others.
    if (step.operation !== undefined) {
      const sentSecrets = [...session.secrets].filter(
        (s) => request.body?.includes(s) || Object.values(request.headers).some((h) => h.includes(s)),
      );
      for (const { check, severity: checkSeverity } of checks) {
        if (SCHEMA_CHECKS.has(check.name) && step.expect?.schema === false) continue;
        try {
          for (const { basis, ...finding } of check.run(exchange, { sentSecrets }))
            add({ ...finding, check: check.name, severity: severityFor(checkSeverity, basis) });
        } catch (error) {
          // A check that cannot run is a failure of the case, never a pass and never a crashed run.
          add({
            check: check.name,
            title: 'Check crashed',
            message: (error as Error).message,
            severity: 'must',
          });
        }
      }
    }
    if (mutation) {
      if (
        mutation.expect === 'reject' &&
        isAcceptance(response.status, exchange.json.ok ? exchange.json.value : undefined)
      ) {
        add({
          check: 'negative',
          title: 'Invalid request accepted',
          message: `Sent: ${mutation.id} / Received: ${response.status} / Documented: a client error`,
          severity,
          actual: response.status,
        });
      } else if (mutation.expect === 'reject' && response.status < 400 && response.status >= 300) {
        add({
          check: 'negative',
          title: 'Invalid request answered with a redirect',
          message: `Sent: ${mutation.id} / Received: ${response.status}`,
          severity,
        });
      }
      return;
    }
    expectations(step, exchange, severity, add, session, contract);
    capture(step, exchange, session, add, severity);
  }

  function buildRequest(step: Step, operation: OperationContract | undefined, session: Session): HttpRequest {
    const r = step.request ?? {};
    const method = r.method ?? operation?.method ?? 'GET';
    const path = renderString(r.path ?? operation?.path ?? '/', session.vars, uuid);
    const url = new URL(target + path);
    for (const [k, v] of Object.entries(r.query ?? {}))
      url.searchParams.set(k, renderString(v, session.vars, uuid));
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (r.json !== undefined) {
      body = JSON.stringify(render(r.json, session.vars, uuid));
      headers['content-type'] = 'application/json';
    } else if (r.form !== undefined) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(r.form)) form.set(k, renderString(v, session.vars, uuid));
      body = form.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (r.body !== undefined) {
      body = renderString(r.body, session.vars, uuid);
    }
    if (r.bearer !== undefined)
      headers.authorization = `Bearer ${renderString(r.bearer, session.vars, uuid)}`;
    if (r.cookies) {
      headers.cookie = Object.entries(r.cookies)
        .map(([k, v]) => `${k}=${renderString(v, session.vars, uuid)}`)
        .join('; ');
    }
    for (const [k, v] of Object.entries(r.headers ?? {}))
      headers[k.toLowerCase()] = renderString(v, session.vars, uuid);
    return { method, url: url.toString(), headers, ...(body === undefined ? {} : { body }) };
  }

  async function sendStep(request: HttpRequest, step: Step, session: Session): Promise<HttpOutcome> {
    const poll = step.poll;
    const deadline = performance.now() + (poll?.timeoutMs ?? 0);
    let announced = false;
    for (;;) {
      const outcome = await send(request, http);
      if (
        !poll ||
        !outcome.ok ||
        !poll.whileStatus.includes(outcome.response.status) ||
        performance.now() >= deadline
      ) {
        return outcome;
      }
      if (!announced && poll.announce) {
        announced = true;
        // The human needs the real URL and code: this goes to the terminal, never into a report.
        options.announce(announcement(poll.announce, outcome.response.text, session));
      }
      await new Promise((r) => setTimeout(r, poll.intervalMs ?? 5000));
    }
  }

  /** The pending answer's fields and the session's variables both fill the announcement. */
  function announcement(template: string, pendingBody: string, session: Session): string {
    const vars = new Map(session.vars);
    const pending = parseJson(pendingBody);
    if (pending.ok && pending.value !== null && typeof pending.value === 'object') {
      for (const [k, v] of Object.entries(pending.value)) if (!vars.has(k)) vars.set(k, v);
    }
    try {
      return renderString(template, vars, uuid);
    } catch {
      return template;
    }
  }

  function expectations(
    step: Step,
    exchange: Exchange,
    severity: Severity,
    add: (f: Omit<Failure, 'step' | 'curl'>) => void,
    session: Session,
    contract: ProfileContract | undefined,
  ): void {
    const expect = step.expect;
    if (!expect) return;
    const { response, json } = exchange;
    const schemaFile = expect.schemas?.[String(response.status)];
    const validate = schemaFile === undefined ? undefined : contract?.schemas.get(schemaFile);
    if (schemaFile !== undefined && validate) {
      if (!json.ok || !validate(json.value)) {
        const first = json.ok ? validate.errors?.[0] : undefined;
        add({
          check: 'assertion',
          title: 'Response violates the referenced schema',
          message: `${schemaFile}: ${json.ok ? `${first?.instancePath || '(body)'} ${first?.message ?? 'invalid'}` : json.error}`,
          severity,
          ...(first ? { path: first.instancePath, schemaPath: first.schemaPath } : {}),
        });
      }
    }
    if (expect.status && !matchesAnyStatus(expect.status, response.status)) {
      add({
        check: 'assertion',
        title: 'Unexpected HTTP status',
        message: `Received: ${response.status} / Expected: ${expect.status.join(', ')}`,
        severity: expect.statusSeverity ?? severity,
        expected: expect.status,
        actual: response.status,
      });
    }
    // The narrower, should-level status is judged only where the must-level one held: a response that
    // already failed `status` says nothing more by also missing `preferStatus`.
    if (
      expect.preferStatus &&
      (!expect.status || matchesAnyStatus(expect.status, response.status)) &&
      !matchesAnyStatus(expect.preferStatus, response.status)
    ) {
      add({
        check: 'assertion',
        title: 'Status differs from the expected one',
        message: `Received: ${response.status} / Expected (should): ${expect.preferStatus.join(', ')}`,
        severity: 'should',
        expected: expect.preferStatus,
        actual: response.status,
      });
    }
    for (const h of expect.headers ?? []) {
      const value =
        h.name.toLowerCase() === 'set-cookie'
          ? response.setCookies.join('\n') || null
          : response.headers.get(h.name);
      const problem =
        h.exists === true && value === null
          ? 'is absent'
          : h.exists === false && value !== null
            ? 'is present'
            : h.matches !== undefined && (value === null || !new RegExp(h.matches, 'i').test(value))
              ? `does not match /${h.matches}/`
              : undefined;
      if (problem) {
        add({
          check: 'assertion',
          title: h.title ?? `Header ${h.name} ${problem}`,
          message: `Received: ${h.name}: ${value ?? '(absent)'} / Expected: ${h.matches ? `matching /${h.matches}/` : h.exists ? 'present' : 'absent'}`,
          severity: h.severity ?? severity,
          actual: value,
        });
      }
    }
    for (const a of expect.body ?? []) {
      if (!json.ok) {
        // A body that is not JSON has no member at all: only "must not exist" still holds.
        if (
          a.exists === false &&
          Object.keys(a).every((k) => ['path', 'exists', 'severity', 'title'].includes(k))
        )
          continue;
        add({
          check: 'assertion',
          title: a.title ?? 'Response body is not JSON',
          message: `Cannot check ${a.path || '(body)'}: ${json.error}`,
          severity: a.severity ?? severity,
          path: a.path,
        });
        continue;
      }
      const at = resolvePointer(json.value, a.path);
      const value = at.found ? at.value : undefined;
      const problems: string[] = [];
      if (a.exists === true && !at.found) problems.push('is missing');
      if (a.exists === false && at.found) problems.push('is present');
      if (a.equals !== undefined && !deepEqual(value, render(a.equals, session.vars, uuid))) {
        problems.push(`should equal ${JSON.stringify(render(a.equals, session.vars, uuid))}`);
      }
      if (
        a.notEquals !== undefined &&
        at.found &&
        deepEqual(value, render(a.notEquals, session.vars, uuid))
      ) {
        problems.push('should differ from the previous value');
      }
      if (a.oneOf && !a.oneOf.some((o) => deepEqual(value, render(o, session.vars, uuid)))) {
        problems.push(`should be one of ${JSON.stringify(a.oneOf)}`);
      }
      if (a.type && !(at.found && jsonType(value, a.type))) problems.push(`should be of type ${a.type}`);
      if (a.matches !== undefined && !(typeof value === 'string' && new RegExp(a.matches).test(value))) {
        problems.push(`should match /${a.matches}/`);
      }
      if (a.nonEmpty && !isNonEmpty(value)) problems.push('should not be empty');
      if (problems.length > 0) {
        add({
          check: 'assertion',
          title: a.title ?? `Body ${a.path || '(root)'} ${problems[0]}`,
          message: `${a.path || '(body)'} ${problems.join('; ')} / Received: ${at.found ? JSON.stringify(value) : '(absent)'}`,
          severity: a.severity ?? severity,
          path: a.path,
          ...(at.found ? { actual: value } : {}),
          ...(a.equals !== undefined ? { expected: a.equals } : {}),
        });
      }
    }
  }

  function capture(
    step: Step,
    exchange: Exchange,
    session: Session,
    add: (f: Omit<Failure, 'step' | 'curl'>) => void,
    severity: Severity,
  ): void {
    let missing = false;
    for (const [name, source] of Object.entries(step.capture ?? {})) {
      let value: unknown;
      if (source.startsWith('header:')) {
        value = exchange.response.headers.get(source.slice(7)) ?? undefined;
      } else if (source.startsWith('cookie:')) {
        const cookie = source.slice(7);
        for (const line of exchange.response.setCookies) {
          const match = new RegExp(`^\\s*${cookie.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=([^;]*)`).exec(
            line,
          );
          if (match) value = decodeURIComponent(match[1] ?? '');
        }
      } else if (exchange.json.ok) {
        const at = resolvePointer(exchange.json.value, source);
        if (at.found) value = at.value;
      }
      if (value === undefined) {
        missing = true;
        add({
          check: 'capture',
          title: 'Expected value missing from the response',
          message: `Cannot capture ${name} from ${source || '(body)'} (status ${exchange.response.status}); later steps need it`,
          severity,
          path: source,
        });
        continue;
      }
      session.vars.set(name, value);
      if (typeof value === 'string') {
        session.secrets.add(value);
        redactor.add(value);
      }
    }
    if (missing) throw new CaseAborted();
  }
}

const TRANSPORT_TITLES: Record<Exclude<HttpOutcome, { ok: true }>['kind'], string> = {
  timeout: 'No response within the timeout',
  refused: 'Connection refused',
  reset: 'Connection closed before a complete response',
  dns: 'Host not found',
  'too-large': 'Response body too large',
  other: 'Request failed',
};

function caseInfo(suite: Suite, c: SuiteCase) {
  return {
    profile: suite.profile,
    id: c.id,
    title: c.title,
    severity: c.severity ?? ('must' as const),
    clauses: c.clauses ?? [],
    tags: c.tags ?? [],
  };
}

/** A case that moves the clock needs the admin API and runs alone, whether or not the loader said so. */
function needsAdmin(c: SuiteCase): boolean {
  return c.requires?.includes('tokenrig-admin') === true || c.steps.some(isClockStep);
}

function skipped(suite: Suite, c: SuiteCase, reason: string): CaseResult {
  return { ...caseInfo(suite, c), status: 'skipped', reason, failures: [], steps: [], durationMs: 0 };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function jsonType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function isNonEmpty(value: unknown): boolean {
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return false;
}

/** A seed for a run that was given none, printed in the report so the run can be replayed. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 31 - 1);
}
