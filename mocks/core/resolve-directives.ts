import { type OperationContract, successStatuses } from '../../schemas/load.js';
import { type Directives, isEmpty, parseDirectives } from './directives.js';
import type { FaultTargets } from './fault-targets.js';
import { type ErrorSpec, MockError } from './mock-error.js';
import type { MockContext, MockServices } from './types.js';

/**
 * A directive's status or vendor error as the error to throw, or the success status to answer with
 * (undefined: answer as usual). A name the profile cannot honour is the `directive` error, saying why.
 */
export function resolveDirectives(
  d: Directives,
  op: OperationContract,
  targets: FaultTargets,
  directiveError: ErrorSpec,
): MockError | number | undefined {
  const refuse = (problem: string) => new MockError(directiveError, { message: `tokenrig: ${problem}` });
  if (d.error !== undefined) {
    const unknown = targets.unknownError(d.error);
    if (unknown !== undefined) return refuse(unknown);
    const spec = targets.errorByCode(d.error, op.id);
    if (spec)
      return new MockError(spec, { ...(d.code === undefined ? {} : { status: d.code }), ...extra(d) });
  }
  if (d.code === undefined) return undefined;
  const undocumented = targets.undocumentedStatus(op, d.code);
  if (undocumented !== undefined) return refuse(undocumented);
  if (d.code < 400) return successStatuses(op).includes(d.code) ? d.code : undefined;
  return new MockError(targets.errorForStatus(op.id, d.code), { status: d.code, ...extra(d) });
}

function extra(d: Directives): { headers?: Record<string, string> } {
  return d.headers ? { headers: { ...d.headers } } : {};
}

/**
 * The directives for one request: its own (`Prefer`, `?__code=…`) over those of the first admin fault
 * rule that fires, over those of the active scenarios (`scenario`), or undefined when there are none.
 * Most requests carry neither header nor query, and are not parsed at all. Where there are some, the
 * context's `forced` says whose they are (the journal and the log line show it): the request's own when
 * it gave any, else the rule's, else the scenarios'.
 */
export async function requestDirectives(
  c: MockContext,
  { faults, random }: Pick<MockServices, 'faults' | 'random'>,
  profile: string,
  operation: string,
  directiveError: ErrorSpec,
  scenario?: { readonly names: string; readonly directives: Directives },
): Promise<Directives | undefined> {
  const prefer = c.req.header('prefer');
  const url = c.req.url;
  const q = url.indexOf('?');
  let own: Directives | undefined;
  if (prefer !== undefined || q >= 0) {
    const parsed = parseDirectives(prefer, q < 0 ? undefined : new URLSearchParams(url.slice(q + 1)));
    if (!parsed.ok) {
      // The refusal is the directive's doing, not the vendor's answer.
      c.set('forced', { by: parsed.from });
      throw new MockError(directiveError, { message: `tokenrig: ${parsed.problem}` });
    }
    if (parsed.from !== undefined) {
      own = parsed.directives;
      c.set('forced', { by: parsed.from });
    }
  }
  const rule = await faults.match(profile, operation, random.float);
  if (rule === undefined) {
    if (scenario === undefined) return own;
    if (own === undefined) c.set('forced', { by: 'scenario', scenario: scenario.names });
    const directives = { ...scenario.directives, ...own };
    return isEmpty(directives) ? undefined : directives;
  }
  if (own === undefined) c.set('forced', { by: 'rule', rule: rule.id });
  const directives = { ...rule.directives, ...own };
  return isEmpty(directives) ? undefined : directives;
}
