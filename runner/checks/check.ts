import type { OperationContract, Provenance } from '../../schemas/load.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { Failure, Severity } from '../model.js';

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
export type Finding = Omit<Failure, 'check' | 'severity' | 'step' | 'curl'> & {
  /**
   * The kind of fact the finding rests on, when that is less than the vendor's documentation: a
   * response tokenrig lists from the vendor's code (`observed`) or by its own choice (`assumed`).
   */
  readonly basis?: Provenance;
};

/**
 * The severity a finding is reported at: the one its check is used at, lowered to `should` when the
 * finding rests only on an observed or assumed fact. A harness must never fail an implementation at
 * `must` for something its vendor did not document.
 */
export function severityFor(used: Severity, basis: Provenance | undefined): Severity {
  return basis === 'observed' || basis === 'assumed' ? 'should' : used;
}

/** `basis` for a finding about a response tokenrig lists on an observed or assumed fact, else nothing. */
export function basisOf(provenance: Provenance | undefined): { basis?: Provenance } {
  return provenance === 'observed' || provenance === 'assumed' ? { basis: provenance } : {};
}

/**
 * A check: a small pure function of one exchange. Empty array = pass. It never decides its own
 * severity; that is set where it is used (runner/checks/index.ts).
 */
export interface Check {
  readonly name: string;
  /**
   * The check judges a body by its documented schema: a step that sends a body the schema cannot
   * describe turns it off with `expect.schema: false`. Declared here so the executor never has to know
   * checks by name.
   */
  readonly judgesSchema?: boolean;
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
