import { curlLine } from '../curl.js';
import { type HttpRequest, send } from '../http.js';
import type { ClockStep } from '../suite/types.js';
import type { RunContext } from './context.js';
import { namespaceHeaders } from './namespace.js';
import { type StepLog, stepResult } from './step.js';

/**
 * A clock step: tokenrig's admin API moves the mock's clock. Shown as a step like any request. If the
 * move fails the case cannot test what it meant to (an expiry it never reached): a harness failure of
 * the case, never a pass. False when the case has to stop.
 */
export async function advanceClock(
  context: Pick<RunContext, 'target' | 'http' | 'redactor' | 'events' | 'namespace'>,
  step: ClockStep,
  name: string,
  log: StepLog,
): Promise<boolean> {
  const request: HttpRequest = {
    method: 'POST',
    url: `${context.target}/__admin/clock`,
    headers: { 'content-type': 'application/json', ...namespaceHeaders(context.namespace) },
    body: JSON.stringify({ advance: step.advanceClock }),
  };
  context.events.onRequest?.(request);
  const outcome = await send(request, context.http);
  log.steps.push(stepResult(name, request, outcome));
  if (outcome.ok && outcome.response.status === 200) return true;
  const answer = outcome.ok ? `answered ${outcome.response.status}` : `failed: ${outcome.message}`;
  log.failures.push({
    check: 'harness',
    title: 'Clock could not be moved',
    message: `${name}: POST /__admin/clock {"advance": ${step.advanceClock}} ${answer} / Expected: 200; the case cannot test what it meant to`,
    severity: 'must',
    step: name,
    curl: curlLine(request, context.redactor),
  });
  return false;
}
