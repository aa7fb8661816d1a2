import type { Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { CliError, EXIT } from '../exit-codes.js';
import { namespaceHeaders } from '../run/namespace.js';
import { describeCommand } from './descriptions.js';

const options = {
  target: {
    type: 'string',
    default: 'http://127.0.0.1:4010',
    describe: 'Base URL of a running tokenrig mock',
  },
  namespace: {
    type: 'string',
    describe:
      "The mock namespace whose journal to ask (a run prints the one it used); default: the mock's own",
  },
  profile: { type: 'string', describe: 'Only requests answered by this profile' },
  operation: { type: 'string', describe: "Only this operation (the profile's operation id, e.g. refresh)" },
  method: { type: 'string', describe: 'Only this HTTP method' },
  path: { type: 'string', describe: 'Only this path (exact)' },
  status: { type: 'string', describe: 'Only this status, or a class such as 4XX' },
  session: {
    type: 'string',
    describe: 'Only requests of this session (token family), as /__admin/sessions lists it',
  },
  since: {
    type: 'string',
    describe: "From this time on: ISO 8601, or a duration before the mock's clock now (30s, 5m, 2h)",
  },
  until: { type: 'string', describe: 'Up to this time (ISO 8601, or a duration before now)' },
  count: {
    type: 'string',
    default: '>=1',
    describe: 'How many must match: 1, ==2, >=1, >0, <=1, <3',
  },
  json: { type: 'boolean', default: false, describe: "Print the mock's answer as JSON" },
  timeout: { type: 'number', default: 10_000, describe: 'Per-request timeout in milliseconds' },
} as const;

type VerifyArgs = InferredOptionTypes<typeof options>;

interface JournalRequest {
  readonly id: number;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly operation?: string;
  readonly session?: string;
}

/** What `POST /__admin/verify` answers (mocks/admin/verify.ts). */
interface VerifyAnswer {
  readonly verified: boolean;
  readonly count: string | number;
  readonly matched: number;
  readonly requests: readonly JournalRequest[];
  readonly nearMisses?: readonly { readonly differs: string; readonly request: JournalRequest }[];
  readonly error?: { readonly code: string; readonly message: string };
}

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `tokenrig verify`: asks a running mock whether its journal holds the expected number of matching
 * requests ("did my app refresh exactly once?"), for shell and CI scripts. Exit 0 verified, 1 not, 2 a
 * bad question or one the journal cannot decide, 3 no mock at the target.
 */
export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify',
  describe: describeCommand('verify'),
  builder: (yargs: Argv) =>
    yargs
      .options(options)
      .epilogue(
        'Exit codes: 0 the count holds, 1 it does not (what was seen is printed), 2 bad option, or the ' +
          "mock's journal has dropped requests that could change the answer, 3 no tokenrig mock at the target.",
      )
      .example(
        '$0 verify --profile dreadnode --operation refresh --status 200 --count 1 --since 1m',
        'exactly one successful Dreadnode refresh in the last minute',
      ),
  handler: async (args) => {
    let base: URL;
    try {
      base = new URL(args.target);
      if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('not http(s)');
    } catch {
      throw new CliError(`--target must be an http(s) URL, got ${JSON.stringify(args.target)}`, EXIT.USAGE);
    }
    const admin = (path: string) =>
      new URL(`__admin/${path}`, base.href.endsWith('/') ? base : `${base.href}/`);
    const call = async (
      path: string,
      init?: { method: string; headers: Record<string, string>; body: string },
    ): Promise<{ status: number; body: unknown }> => {
      let res: Response;
      try {
        res = await fetch(admin(path), {
          ...init,
          headers: { ...init?.headers, ...namespaceHeaders(args.namespace) },
          signal: AbortSignal.timeout(args.timeout),
        });
      } catch (error) {
        // fetch's own error says only "fetch failed"; its cause says why (ECONNREFUSED, bad port, …).
        const { cause } = error as { cause?: { code?: string; message?: string } };
        const reason = cause?.code ?? cause?.message ?? (error as Error).message;
        throw new CliError(`${args.target} is unreachable: ${reason}`, EXIT.UNREACHABLE);
      }
      const text = await res.text();
      try {
        return { status: res.status, body: JSON.parse(text) };
      } catch {
        throw new CliError(
          `${admin(path)} answered ${res.status} without JSON: is it a tokenrig mock?`,
          EXIT.UNREACHABLE,
        );
      }
    };
    const needsClock = [args.since, args.until].some((v) => v !== undefined && DURATION.test(v));
    let now: number | undefined;
    if (needsClock) {
      const clock = await call('clock');
      const at = (clock.body as { now?: string }).now;
      if (clock.status !== 200 || typeof at !== 'string') {
        throw new CliError(
          `${admin('clock')} answered ${clock.status}: is it a tokenrig mock?`,
          EXIT.UNREACHABLE,
        );
      }
      now = Date.parse(at);
    }
    const instant = (flag: string, value: string | undefined): string | undefined => {
      if (value === undefined) return undefined;
      const d = DURATION.exec(value);
      if (d?.[1] && d[2] && now !== undefined)
        return new Date(now - Number(d[1]) * (UNIT_MS[d[2]] ?? 0)).toISOString();
      if (Number.isNaN(Date.parse(value))) {
        throw new CliError(
          `--${flag} expects an ISO 8601 time or a duration such as 30s, got ${value}`,
          EXIT.USAGE,
        );
      }
      return value;
    };
    const status =
      args.status === undefined ? undefined : /^\d+$/.test(args.status) ? Number(args.status) : args.status;
    const match = Object.fromEntries(
      Object.entries({
        profile: args.profile,
        operation: args.operation,
        method: args.method,
        path: args.path,
        status,
        session: args.session,
        since: instant('since', args.since),
        until: instant('until', args.until),
      }).filter(([, v]) => v !== undefined),
    );
    const reply = await call('verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match, count: args.count }),
    });
    // The mock's answer, as mocks/admin/verify.ts writes it; every branch below reads what it needs.
    const answer = reply.body as VerifyAnswer;
    if (args.json) console.log(JSON.stringify(answer, null, 2));
    if (reply.status === 400 || reply.status === 409) {
      throw new CliError(answer.error?.message ?? `the mock answered ${reply.status}`, EXIT.USAGE);
    }
    if (reply.status === 404)
      throw new CliError(`${admin('verify')} not found: is it a tokenrig mock?`, EXIT.UNREACHABLE);
    if (reply.status !== 200 && reply.status !== 417) {
      throw new CliError(`${admin('verify')} answered ${reply.status}`, EXIT.UNREACHABLE);
    }
    if (!args.json) console.log(describe(answer, match));
    if (reply.status === 417)
      throw new CliError(`not verified: ${answer.matched} matching, expected ${answer.count}`, EXIT.FAILURES);
  },
};

function describe(answer: VerifyAnswer, match: Record<string, unknown>): string {
  const what =
    Object.entries(match)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || 'any request';
  const line = (r: JournalRequest) =>
    `  #${r.id} ${r.time} ${r.method} ${r.path} ${r.status}${r.operation ? ` ${r.operation}` : ''}${r.session ? ` session=${r.session}` : ''}`;
  const out = [
    `${answer.verified ? 'verified' : 'not verified'}: ${answer.matched} request${answer.matched === 1 ? '' : 's'} match ${what} (expected ${answer.count})`,
    ...answer.requests.slice(0, 20).map(line),
  ];
  if (answer.requests.length > 20) out.push(`  … and ${answer.requests.length - 20} more`);
  for (const miss of answer.nearMisses ?? [])
    out.push(`near miss (differs in ${miss.differs}):`, line(miss.request));
  return out.join('\n');
}
