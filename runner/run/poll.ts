import { parseJson } from '../checks/check.js';
import { type HttpOutcome, type HttpRequest, send } from '../http.js';
import { pause } from '../pause.js';
import type { Step } from '../suite/types.js';
import { renderString } from '../template.js';
import type { RunContext, Session } from './context.js';
import type { OneAtATime } from './one-at-a-time.js';
import { LOGIN_RETRY, type RetryNotice, sendRetrying } from './retry.js';

/**
 * Sends a step's request; with `poll`, again every `intervalMs` while the answer's status is one of
 * `whileStatus` and the step's time is not up (a device-flow token request waiting for the user). The
 * first pending answer announces the step's instructions to the human, once.
 */
export function sendPolling(
  context: Pick<RunContext, 'http' | 'events' | 'uuid'> & { readonly approvals?: OneAtATime },
  request: HttpRequest,
  step: Step,
  session: Session,
  onRetry?: (notice: RetryNotice) => void,
): Promise<HttpOutcome> {
  const polling = () => sendPollingNow(context, request, step, session, onRetry);
  // A poll that may wait for a person waits its turn, so one code at a time is shown.
  return step.poll?.announce !== undefined && context.approvals ? context.approvals.run(polling) : polling();
}

async function sendPollingNow(
  context: Pick<RunContext, 'http' | 'events' | 'uuid'>,
  request: HttpRequest,
  step: Step,
  session: Session,
  onRetry?: (notice: RetryNotice) => void,
): Promise<HttpOutcome> {
  const poll = step.poll;
  const deadline = performance.now() + (poll?.timeoutMs ?? 0);
  let announced = false;
  for (;;) {
    // A login request survives a blip; any other request reports what the target did.
    const outcome = onRetry
      ? await sendRetrying(request, context.http, LOGIN_RETRY, onRetry)
      : await send(request, context.http);
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
      context.events.announce?.(announcement(poll.announce, outcome.response.text, session, context.uuid));
    }
    await pause(poll.intervalMs ?? 5000, context.http.signal);
  }
}

/** The pending answer's fields and the session's variables both fill the announcement. */
export function announcement(
  template: string,
  pendingBody: string,
  session: Session,
  uuid: () => string,
): string {
  const vars = new Map(session.vars);
  const pending = parseJson(pendingBody);
  if (pending.ok && pending.value !== null && typeof pending.value === 'object') {
    for (const [k, v] of Object.entries(pending.value)) if (!vars.has(k)) vars.set(k, v);
  }
  try {
    return renderString(template, vars, uuid);
  } catch {
    // An announcement naming a field the answer lacks still tells the human something.
    return template;
  }
}
