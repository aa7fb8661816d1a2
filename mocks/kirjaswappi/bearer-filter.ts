import type { ProfileContract } from '../../schemas/load.js';
import type { QuirkFlag } from '../core/quirks.js';
import { NO_STORE, reply } from '../core/reply.js';
import type { MockContext, MockServices } from '../core/types.js';
import { KIRJASWAPPI_ERRORS as E } from './errors.js';
import { jjwtMessage } from './jjwt.js';

/**
 * The vendor's FilterApiRequest (quirk stale-bearer-401): it runs before Spring dispatches, so it sees
 * every request, whatever its method or path, and answers 401 for a Bearer token it cannot validate.
 * Undefined lets the request through.
 */
export function createBearerFilter(
  { jwt, users, clock }: Pick<MockServices, 'jwt' | 'users' | 'clock'>,
  contract: ProfileContract,
  staleBearer401: QuirkFlag,
): (c: MockContext) => Response | undefined {
  const operationAt = new Map<string, string>();
  for (const op of contract.operations.values()) operationAt.set(`${op.method} ${op.path}`, op.id);

  /** Why a bearer token would not get past the filter, or undefined if it would. */
  function bearerProblem(token: string): string | undefined {
    const now = clock.now();
    const verdict = jwt.verify(token, now);
    if (!verdict.ok) return jjwtMessage(verdict, token, now);
    const { claims } = verdict;
    if (claims.jwtToken !== true || !users.get(claims.sub)) return 'Invalid or expired admin token';
    return undefined;
  }

  return (c) => {
    if (!staleBearer401.on) return undefined;
    const header = c.req.header('authorization');
    // The filter only looks at `Bearer <token>`; an empty token makes jjwt throw past the filter's
    // catch, a path the mock does not reproduce.
    if (header === undefined || !header.startsWith('Bearer ') || header.length === 7) return undefined;
    const problem = bearerProblem(header.slice(7));
    if (problem === undefined) return undefined;
    c.set('profile', 'kirjaswappi');
    const operation = operationAt.get(`${c.req.method} ${c.req.path}`);
    if (operation) c.set('operation', operation);
    // The filter writes errorResponse.error(): the inner object, without the {error: …} wrapper.
    const code = E.INVALID_JWT_TOKEN.code;
    return reply(
      {
        code,
        message: E.INVALID_JWT_TOKEN.message,
        target: c.req.path,
        details: [{ code, message: problem, target: c.req.path }],
      },
      401,
      NO_STORE,
    );
  };
}
