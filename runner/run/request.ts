import type { OperationContract } from '../../schemas/load.js';
import type { HttpRequest } from '../http.js';
import type { Step } from '../suite/types.js';
import { render, renderString } from '../template.js';
import type { RunContext, RunOptions, Session } from './context.js';
import { namespaceHeaders } from './namespace.js';

/**
 * The HTTP request a step describes, its templates filled from the session: the documented method and
 * path unless the step overrides them, the run's --header values (and its namespace) under the step's own.
 */
export function buildRequest(
  context: Pick<RunContext, 'target' | 'uuid' | 'namespace'> & {
    readonly options: Pick<RunOptions, 'headers'>;
  },
  step: Step,
  operation: OperationContract | undefined,
  session: Session,
): HttpRequest {
  const fill = (value: string) => renderString(value, session.vars, context.uuid);
  const r = step.request ?? {};
  const method = r.method ?? operation?.method ?? 'GET';
  const url = new URL(context.target + fill(r.path ?? operation?.path ?? '/'));
  for (const [k, v] of Object.entries(r.query ?? {})) url.searchParams.set(k, fill(v));
  const headers: Record<string, string> = {
    ...context.options.headers,
    ...namespaceHeaders(context.namespace),
  };
  let body: string | undefined;
  if (r.json !== undefined) {
    body = JSON.stringify(render(r.json, session.vars, context.uuid));
    headers['content-type'] = 'application/json';
  } else if (r.form !== undefined) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(r.form)) form.set(k, fill(v));
    body = form.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (r.body !== undefined) {
    body = fill(r.body);
  }
  if (r.bearer !== undefined) headers.authorization = `Bearer ${fill(r.bearer)}`;
  if (r.cookies) {
    headers.cookie = Object.entries(r.cookies)
      .map(([k, v]) => `${k}=${fill(v)}`)
      .join('; ');
  }
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = fill(v);
  return { method, url: url.toString(), headers, ...(body === undefined ? {} : { body }) };
}
