import { type HttpOptions, send } from '../http.js';
import { namespaceHeaders } from './namespace.js';

/**
 * What a tokenrig mock's admin API lets a client read back, and so what a run can put back: the
 * clock's offset, the accounts, the fault rules, the quirks and scenarios that are on, and how many
 * sessions are open.
 */
export interface AdminState {
  readonly clockOffset: number;
  /** In the mock's order; a password is `[redacted]` unless the mock runs with --show-secrets. */
  readonly users: readonly { readonly username: string; readonly password: string }[];
  /** Each rule as `POST /__admin/faults` takes it, in the order the mock matches them. */
  readonly faults: readonly Readonly<Record<string, unknown>>[];
  readonly quirks: readonly string[];
  /** The scenarios that are on, in the order they were switched on, as `PUT /__admin/scenarios/<it>` takes them. */
  readonly scenarios: readonly string[];
  readonly sessions: number;
}

/** The mock's placeholder for a password it does not show (mocks/core/redact.ts). */
export const HIDDEN_PASSWORD = '[redacted]';

/** An admin call that did not answer as documented: the state cannot be read or written. */
export class AdminCallError extends Error {
  override readonly name = 'AdminCallError';
}

export interface Admin {
  readonly target: string;
  readonly http: HttpOptions;
  /** The mock namespace whose state is read and put back (runner/run/namespace.ts). */
  readonly namespace?: string;
}

/** One admin call; anything but the expected status is an AdminCallError naming the call. */
export async function adminCall(
  admin: Admin,
  method: string,
  path: string,
  expect: number,
  body?: unknown,
): Promise<unknown> {
  const outcome = await send(
    {
      method,
      url: `${admin.target}/__admin${path}`,
      headers: {
        ...namespaceHeaders(admin.namespace),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
    admin.http,
  );
  const call = `${method} /__admin${path}`;
  if (!outcome.ok) throw new AdminCallError(`${call} failed: ${outcome.message}`);
  if (outcome.response.status !== expect) {
    throw new AdminCallError(`${call} answered ${outcome.response.status}, expected ${expect}`);
  }
  if (outcome.response.text === '') return undefined;
  try {
    return JSON.parse(outcome.response.text);
  } catch {
    throw new AdminCallError(`${call} answered a body that is not JSON`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function list(value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw new AdminCallError(`GET /__admin/${what} answered something other than a list of objects`);
  }
  return value;
}

/**
 * A listed rule as its definition, the body that puts it back as it is now: what the mock adds (id,
 * hits, createdAt) dropped, and `count` what is left of it (`remaining`), not what it started with.
 */
export function ruleDefinition(rule: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { id: _id, hits: _hits, createdAt: _createdAt, remaining, count, ...rest } = rule;
  const left = remaining ?? count;
  return { ...rest, ...(left === undefined ? {} : { count: left }) };
}

/** Reads everything restorable, or throws AdminCallError saying which call failed. */
export async function readAdminState(admin: Admin): Promise<AdminState> {
  const [clock, users, faults, quirks, scenarios, health, sessions] = await Promise.all([
    adminCall(admin, 'GET', '/clock', 200),
    adminCall(admin, 'GET', '/users', 200),
    adminCall(admin, 'GET', '/faults', 200),
    adminCall(admin, 'GET', '/quirks', 200),
    adminCall(admin, 'GET', '/scenarios', 200),
    adminCall(admin, 'GET', '/health', 200),
    adminCall(admin, 'GET', '/sessions', 200),
  ]);
  if (!isRecord(clock) || typeof clock.offsetSeconds !== 'number') {
    throw new AdminCallError('GET /__admin/clock answered no offsetSeconds');
  }
  return {
    clockOffset: clock.offsetSeconds,
    users: list(users, 'users').map((u) => ({ username: String(u.username), password: String(u.password) })),
    faults: list(faults, 'faults').map(ruleDefinition),
    quirks: list(quirks, 'quirks')
      .filter((q) => q.enabled === true)
      .map((q) => String(q.name)),
    scenarios: activeScenarios(scenarios, health),
    sessions: list(sessions, 'sessions').filter((s) => s.revoked !== true).length,
  };
}

/**
 * `<name>=<value>` of each active scenario, in the order health lists them (the order they were
 * switched on, which decides whose answer wins when two act on one refresh).
 */
function activeScenarios(scenarios: unknown, health: unknown): string[] {
  const all = isRecord(scenarios) ? scenarios.scenarios : undefined;
  const order = isRecord(health) ? health.scenarios : undefined;
  if (!Array.isArray(order) || !order.every((n) => typeof n === 'string')) {
    throw new AdminCallError('GET /__admin/health answered no list of scenarios');
  }
  const byName = new Map(list(all, 'scenarios').map((s) => [String(s.name), s]));
  return order.map((name) => {
    const value = byName.get(name)?.value;
    return typeof value === 'number' ? `${name}=${value}` : name;
  });
}

/** What differs between two states, one line each ("clock +901 s", "user x added"); empty when equal. */
export function differences(before: AdminState, after: AdminState): string[] {
  const out: string[] = [];
  if (after.clockOffset !== before.clockOffset) {
    out.push(`clock offset ${before.clockOffset} s → ${after.clockOffset} s`);
  }
  const names = (s: AdminState) => new Map(s.users.map((u) => [u.username, u.password]));
  const was = names(before);
  const is = names(after);
  for (const name of is.keys()) if (!was.has(name)) out.push(`user ${name} added`);
  for (const [name, password] of was) {
    if (!is.has(name)) out.push(`user ${name} deleted`);
    // Only a password both states show can be compared; a hidden one is taken as unchanged.
    else if (password !== HIDDEN_PASSWORD && is.get(name) !== HIDDEN_PASSWORD && is.get(name) !== password) {
      out.push(`user ${name}'s password changed`);
    }
  }
  if (JSON.stringify(after.faults) !== JSON.stringify(before.faults)) {
    out.push(`fault rules ${JSON.stringify(before.faults)} → ${JSON.stringify(after.faults)}`);
  }
  const on = new Set(before.quirks);
  const now = new Set(after.quirks);
  for (const q of now) if (!on.has(q)) out.push(`quirk ${q} switched on`);
  for (const q of on) if (!now.has(q)) out.push(`quirk ${q} switched off`);
  if (after.scenarios.join() !== before.scenarios.join()) {
    const shown = (s: readonly string[]) => (s.length ? s.join(', ') : 'none');
    out.push(`scenarios ${shown(before.scenarios)} → ${shown(after.scenarios)}`);
  }
  return out;
}
