import { Hono } from 'hono';
import type { JournalEntry } from '../core/journal.js';
import { AdminError } from './admin-error.js';
import type { AdminOptions, MockControl } from './control.js';
import { lazily, readBody } from './request-body.js';
import { shownRequest } from './shown-request.js';
import { matching, nearMisses, parseCount, verify } from './verification.js';

const COUNT_PATTERN = '^\\s*(==|>=|<=|>|<)?\\s*\\d{1,9}\\s*$';

/** The body of `POST /__admin/verify`. */
export const VERIFY_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    match: {
      type: 'object',
      additionalProperties: false,
      properties: {
        profile: { type: 'string' },
        operation: { type: 'string' },
        method: { type: 'string', minLength: 1 },
        path: { type: 'string', pattern: '^/' },
        status: {
          anyOf: [
            { type: 'integer', minimum: 100, maximum: 599 },
            { type: 'string', pattern: '^([1-5]XX|[1-5][0-9][0-9])$' },
          ],
        },
        session: { type: 'string', minLength: 1 },
        since: { type: 'string', format: 'date-time' },
        until: { type: 'string', format: 'date-time' },
      },
    },
    count: {
      anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: COUNT_PATTERN },
      ],
    },
  },
} as const;
const validateVerify = lazily(VERIFY_BODY);

/** The default expression: at least once, as WireMock's verify() without a count. */
const AT_LEAST_ONCE = '>=1';

/**
 * `/__admin/verify`: how many requests of the journal match, against an expected count (WireMock's
 * verification). 200 when the count holds, 417 with what was seen instead when it does not, and 409
 * when the journal has dropped requests that could change the answer (it keeps the last
 * `--journal-size`): a verification that cannot be decided is never answered as one that passed.
 */
export function verifyResource({ journal }: MockControl, { showSecrets }: AdminOptions): Hono {
  const shown = (e: JournalEntry) => shownRequest(e, showSecrets);
  return new Hono().post('/', async (c) => {
    const body = await readBody(c, validateVerify());
    const match = body.match ?? {};
    const count = parseCount(body.count ?? AT_LEAST_ONCE);
    // The schema's pattern is the parser's: a count it let through parses.
    if (!count) throw new AdminError(400, 'TOKENRIG_INVALID_REQUEST', `count ${body.count} is not a count`);
    if (
      match.since !== undefined &&
      match.until !== undefined &&
      Date.parse(match.since) > Date.parse(match.until)
    ) {
      throw new AdminError(400, 'TOKENRIG_INVALID_REQUEST', 'match.since is after match.until');
    }
    const entries = journal.entries();
    const verdict = verify({ entries, total: journal.total }, match, count);
    const answer = {
      verified: verdict.outcome === 'verified',
      match,
      // The count as the client sent it (a number stays a number), and what was found beside it: the
      // admin API gives back the names it was given, unchanged (a fault rule's `count` and `remaining` alike).
      count: body.count ?? AT_LEAST_ONCE,
      matched: verdict.actual,
      requests: matching(entries, match).map(shown),
    };
    if (verdict.outcome === 'verified') return c.json(answer, 200);
    if (verdict.outcome === 'not-verified') {
      return c.json(
        {
          ...answer,
          nearMisses: nearMisses(entries, match).map((m) => ({ ...m, request: shown(m.request) })),
        },
        417,
      );
    }
    return c.json(
      {
        error: {
          code: 'TOKENRIG_JOURNAL_INCOMPLETE',
          message: `cannot decide count ${count.text}: ${verdict.actual} matching requests are held, but the journal has dropped ${verdict.dropped} older requests${verdict.oldest ? ` (it holds requests from ${verdict.oldest} on)` : ''}; start the window later (match.since) or keep more requests (--journal-size)`,
        },
        ...answer,
      },
      409,
    );
  });
}
