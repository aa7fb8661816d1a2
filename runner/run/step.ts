import type { OperationContract, ProfileContract } from '../../schemas/load.js';
import { assertExpectation } from '../assertions/index.js';
import { type Exchange, parseJson } from '../checks/check.js';
import { curlLine } from '../curl.js';
import { isFuzzStep } from '../fuzz/cases.js';
import type { Mutation } from '../fuzz/mutation.js';
import { mutationsFor } from '../fuzz/mutations.js';
import { negativeVerdict } from '../fuzz/verdict.js';
import type { HttpOutcome, HttpRequest } from '../http.js';
import type { Failure, Severity, StepResult } from '../model.js';
import type { Step } from '../suite/types.js';
import { render } from '../template.js';
import { applyChecks } from './apply-checks.js';
import { capture } from './capture.js';
import type { RunContext, Session } from './context.js';
import { sendPolling } from './poll.js';
import { buildRequest } from './request.js';
import type { RetryNotice } from './retry.js';

/** Where a case's steps write what happened. */
export interface StepLog {
  readonly failures: Failure[];
  readonly steps: StepResult[];
}

/**
 * The run's mutations of a valid request (its context keeps them). A few requests are kept, since
 * generated cases run side by side, each with its own session; keyed by all a request is.
 */
function mutationsOf(
  context: RunContext,
  operation: OperationContract,
  request: HttpRequest,
  forgeKey: Buffer,
): Mutation[] {
  const key = `${operation.id}\n${request.method} ${request.url}\n${JSON.stringify(request.headers)}\n${request.body ?? ''}`;
  let list = context.mutations.get(key);
  if (!list) {
    if (context.mutations.size >= 16) context.mutations.clear();
    list = mutationsFor(operation, request, forgeKey);
    context.mutations.set(key, list);
  }
  return list;
}

/** A step as the report shows it: what was sent, and the status if an answer came. */
export function stepResult(name: string, request: HttpRequest, outcome: HttpOutcome): StepResult {
  return {
    name,
    method: request.method,
    url: request.url,
    ...(outcome.ok ? { status: outcome.response.status } : {}),
    durationMs: outcome.durationMs,
  };
}

/** Why a case stopped early: its later steps would only fail on missing captures or a dead target. */
export class CaseAborted extends Error {}

const TRANSPORT_TITLES: Record<Exclude<HttpOutcome, { ok: true }>['kind'], string> = {
  timeout: 'No response within the timeout',
  refused: 'Connection refused',
  reset: 'Connection closed before a complete response',
  dns: 'Host not found',
  'too-large': 'Response body too large',
  // Never reaches a report: a case the interruption cut short is reported as not finished instead.
  interrupted: 'Interrupted before a response',
  other: 'Request failed',
};

/**
 * One request step: build, send (polling if asked), then the contract checks, the step's expectations
 * and its captures. Throws CaseAborted when later steps cannot run.
 */
export async function runStep(
  context: RunContext,
  contract: ProfileContract,
  step: Step,
  name: string,
  session: Session,
  log: StepLog,
  caseSeverity: Severity,
  onRetry?: (notice: RetryNotice) => void,
): Promise<void> {
  const severity = step.expect?.severity ?? caseSeverity;
  const documented = step.operation === undefined ? undefined : contract.operations.get(step.operation);
  // The plan refused a suite naming an operation its contract lacks; this is for steps built later.
  if (step.operation !== undefined && !documented)
    throw new Error(`no operation ${step.operation} in the contract`);
  let request = buildRequest(context, step, documented, session);
  let mutation: Mutation | undefined;
  if (isFuzzStep(step) && documented) {
    const all = mutationsOf(context, documented, request, step.fuzz.forgeKey);
    mutation = all[step.fuzz.index % all.length];
    if (mutation) request = mutation.apply(request);
  }
  // A step that changes the documented method or path no longer calls the documented operation.
  const operation = documented && !step.request?.method && !step.request?.path ? documented : undefined;
  context.events.onRequest?.(request);
  const outcome = await sendPolling(context, request, step, session, onRetry);
  log.steps.push(stepResult(name, request, outcome));
  // Built only for a step that has a finding: most steps have none, and redacting costs.
  let curl: string | undefined;
  // A generated request's findings say what was generated; the curl line shows it byte for byte.
  const note = mutation ? ` [input: ${mutation.description}]` : '';
  const add = (f: Omit<Failure, 'step' | 'curl'>) => {
    curl ??= curlLine(request, context.redactor);
    log.failures.push({ ...f, message: `${f.message}${note}`, step: name, curl });
  };
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
  if (step.operation !== undefined)
    for (const f of applyChecks(context.checks, step, exchange, session.secrets)) add(f);
  if (mutation) {
    // A generated request is sent once, never judged by the step it came from nor captured.
    for (const f of negativeVerdict(mutation, exchange, severity)) add(f);
    return;
  }
  if (step.expect) {
    const assertionContext = {
      severity,
      schemas: contract.schemas,
      render: (value: unknown) => render(value, session.vars, context.uuid),
    };
    for (const f of assertExpectation(exchange, step.expect, assertionContext)) add(f);
  }
  const captured = capture(step, exchange);
  for (const [key, value] of captured.values) {
    session.vars.set(key, value);
    if (typeof value === 'string') {
      session.secrets.add(value);
      context.redactor.add(value);
    }
  }
  for (const f of captured.missing) add({ ...f, severity });
  if (captured.missing.length > 0) throw new CaseAborted();
}
