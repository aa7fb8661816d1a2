import { placeholderNames } from '../template.js';
import type { Step } from './types.js';

/** A `{{name}}` a step reads at run time, at a JSON pointer relative to the step (resolved form). */
export interface PlaceholderUse {
  readonly pointer: string;
  readonly name: string;
}

const key = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every placeholder in the strings of a JSON value; object keys are sent as written, never filled. */
function inValue(value: unknown, at: string, out: PlaceholderUse[]): void {
  if (typeof value === 'string') {
    for (const name of placeholderNames(value)) out.push({ pointer: at, name });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) inValue(v, `${at}/${i}`, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) inValue(v, `${at}/${key(k)}`, out);
  }
}

/**
 * The placeholders a run fills in for this step, exactly where runner/run/request.ts and the body
 * assertions render: the request's path, query, header, cookie and form values, its JSON, raw body and
 * bearer, and a body assertion's `equals`, `notEquals` and `oneOf`. Not `poll.announce`: the pending
 * answer's own fields fill it too, and an unknown name there leaves the text as written.
 */
export function stepPlaceholders(step: Step): PlaceholderUse[] {
  const out: PlaceholderUse[] = [];
  const r = step.request;
  if (r) {
    for (const field of ['path', 'body', 'bearer'] as const) inValue(r[field], `/request/${field}`, out);
    for (const field of ['query', 'headers', 'cookies', 'form', 'json'] as const)
      inValue(r[field], `/request/${field}`, out);
  }
  step.expect?.body?.forEach((assertion, i) => {
    for (const field of ['equals', 'notEquals', 'oneOf'] as const)
      inValue(assertion[field], `/expect/body/${i}/${field}`, out);
  });
  return out;
}
