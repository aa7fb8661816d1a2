import type { OperationContract } from '../../schemas/load.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { Failure } from '../model.js';

/** A request and the response it got, as every check sees it. */
export interface Exchange {
  /** The documented operation, when the step sent that operation as documented (no method/path override). */
  readonly operation?: OperationContract;
  readonly request: HttpRequest;
  readonly response: HttpResponse;
  /** The body parsed as JSON, or why it is not JSON (an empty body is not JSON). */
  readonly json:
    | { readonly ok: true; readonly value: unknown }
    | { readonly ok: false; readonly error: string };
}

export interface CheckContext {
  /** Secret values sent with this request (tokens, passwords): what an error must not echo. */
  readonly sentSecrets: readonly string[];
}

/** What a check reports: a failure without the fields the executor adds (severity, step, curl). */
export type Finding = Omit<Failure, 'check' | 'severity' | 'step' | 'curl'>;

/**
 * A check: a small pure function of one exchange. Empty array = pass. It never decides its own
 * severity; that is set where it is used (runner/checks/index.ts).
 */
export interface Check {
  readonly name: string;
  readonly run: (exchange: Exchange, context: CheckContext) => readonly Finding[];
}

export function parseJson(text: string): Exchange['json'] {
  if (text.trim() === '') return { ok: false, error: 'the body is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message.replace(/, ".*" is not valid JSON$/, '') };
  }
}
