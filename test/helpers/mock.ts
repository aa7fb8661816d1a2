import type { Test } from 'tap';
import { createMockApp, type MockApp, type MockAppOptions } from '../../mocks/app.js';
import {
  isDocumentedStatus,
  loadContracts,
  PROFILE_IDS,
  type ProfileId,
  responseFor,
} from '../../schemas/load.js';

/** Compiled once per test process: every app in a test file shares the same contracts. */
const contracts = loadContracts(PROFILE_IDS);

/** The seed of every generated value in the tests; printed when a test fails so the run can be replayed. */
export const SEED = Number(process.env.TOKENRIG_TEST_SEED ?? 20261122);

type TapLike = Test;

/** A fresh in-process mock of the given profiles, seeded; its seed is printed if the test fails. */
export function mockApp(t: TapLike, apis: readonly ProfileId[], options: MockAppOptions = {}): MockApp {
  const mock = createMockApp({ seed: SEED, contracts, ...options, apis });
  t.teardown(() => {
    if (!t.passing()) t.comment(`mock seed: ${mock.seed} (TOKENRIG_TEST_SEED=${SEED} replays it)`);
  });
  return mock;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly json: unknown;
}

export interface CallOptions {
  json?: unknown;
  /** Sent as is: bytes for bodies that are not valid UTF-8. */
  body?: string | Uint8Array;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** One request through `app.request()`, with the body read and parsed. */
export async function call(
  mock: MockApp,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  } else if (options.form !== undefined) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const res = await mock.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Asserts a reply is what the profile's OpenAPI document allows for that operation: a documented
 * status, a JSON media type where a body is documented, and a body valid against that status' schema.
 */
export function assertDocumented(
  t: TapLike,
  mock: MockApp,
  profile: ProfileId,
  operation: string,
  reply: Reply,
): void {
  const op = mock.contracts.get(profile)?.operations.get(operation);
  const where = `${profile} ${operation} ${reply.status}`;
  if (!op) {
    t.fail(`${where}: no such operation in the contract`);
    return;
  }
  if (!isDocumentedStatus(op, reply.status)) {
    t.fail(`${where}: status not documented`, {
      documented: op.responses.map((r) => r.status),
      body: reply.text,
    });
    return;
  }
  const response = responseFor(op, reply.status);
  if (!response?.validate) {
    if (reply.text === '') t.pass(`${where}: documented, no body`);
    else t.fail(`${where}: a body where none is documented`, { body: reply.text });
    return;
  }
  const type = reply.headers.get('content-type') ?? '';
  if (!/json/.test(type)) t.fail(`${where}: content-type ${type} is not JSON`);
  if (response.validate(reply.json)) t.pass(`${where}: body matches the documented schema`);
  else
    t.fail(`${where}: body does not match the documented schema`, {
      errors: response.validate.errors,
      body: reply.json,
    });
}
