import type { TargetRestore } from '../model.js';
import { isClockStep, type SuiteCase } from '../suite/types.js';
import {
  type Admin,
  AdminCallError,
  type AdminState,
  adminCall,
  differences,
  HIDDEN_PASSWORD,
  readAdminState,
} from './admin-state.js';

/** Whether a case changes a mock through its admin API: a clock step, or a write to an /__admin path. */
export function changesAdmin(c: SuiteCase): boolean {
  return c.steps.some(
    (s) =>
      isClockStep(s) ||
      (s.request?.path?.startsWith('/__admin') === true &&
        !['GET', 'HEAD'].includes((s.request.method ?? 'GET').toUpperCase())),
  );
}

/** The state before the run, or why it could not be read (then nothing can be put back). */
export type Snapshot =
  | { readonly ok: true; readonly state: AdminState }
  | { readonly ok: false; readonly reason: string };

/** Reads the mock's state before the run's first change. */
export async function snapshot(admin: Admin): Promise<Snapshot> {
  try {
    return { ok: true, state: await readAdminState(admin) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Puts the mock back as the snapshot found it and reads it back to make sure. The admin API moves the
 * clock only forward (tokens issued must not un-expire), so a moved clock is put back with
 * `/__admin/reset` followed by the snapshot's users, rules, quirks, scenarios and offset; the reset also ends the
 * mock's sessions and clears its journal, which the admin API cannot recreate: said in the notes.
 */
export async function restore(admin: Admin, before: Snapshot): Promise<TargetRestore> {
  if (!before.ok) {
    return {
      status: 'failed',
      changes: [],
      notes: [],
      problems: [
        `the mock's state could not be read before the run (${before.reason}); nothing was put back`,
      ],
    };
  }
  const wanted = before.state;
  const notes: string[] = [];
  const problems: string[] = [];
  let changes: string[] = [];
  try {
    let state = await readAdminState(admin);
    changes = differences(wanted, state);
    if (changes.length === 0) return { status: 'unchanged', changes, notes, problems };
    if (state.clockOffset !== wanted.clockOffset) {
      await adminCall(admin, 'POST', '/reset', 204);
      if (wanted.sessions > 0) {
        notes.push(
          `moving the clock back took /__admin/reset, which ended ${wanted.sessions} session(s) open before the run`,
        );
      }
      state = await readAdminState(admin);
    }
    await putBack(admin, wanted, state, problems);
    const left = differences(wanted, await readAdminState(admin));
    for (const d of left) if (!problems.some((p) => p.includes(d))) problems.push(`still different: ${d}`);
  } catch (error) {
    if (!(error instanceof AdminCallError)) throw error;
    problems.push(error.message);
  }
  return { status: problems.length > 0 ? 'failed' : 'restored', changes, notes, problems };
}

async function putBack(
  admin: Admin,
  wanted: AdminState,
  state: AdminState,
  problems: string[],
): Promise<void> {
  const had = new Map(wanted.users.map((u) => [u.username, u.password]));
  const has = new Map(state.users.map((u) => [u.username, u.password]));
  for (const name of has.keys()) {
    if (!had.has(name)) await adminCall(admin, 'DELETE', `/users/${encodeURIComponent(name)}`, 204);
  }
  for (const [username, password] of had) {
    const now = has.get(username);
    if (now !== undefined && (now === password || password === HIDDEN_PASSWORD || now === HIDDEN_PASSWORD))
      continue;
    if (password === HIDDEN_PASSWORD) {
      problems.push(
        `user ${username} deleted: its password is not readable (start the mock with --show-secrets to let a run put it back)`,
      );
      continue;
    }
    await adminCall(admin, 'POST', '/users', 201, { username, password });
  }
  if (JSON.stringify(state.faults) !== JSON.stringify(wanted.faults)) {
    await adminCall(admin, 'DELETE', '/faults', 204);
    for (const rule of wanted.faults) await adminCall(admin, 'POST', '/faults', 201, rule);
  }
  const enable = wanted.quirks.filter((q) => !state.quirks.includes(q));
  const disable = state.quirks.filter((q) => !wanted.quirks.includes(q));
  if (enable.length + disable.length > 0) {
    await adminCall(admin, 'POST', '/quirks', 200, {
      ...(enable.length ? { enable } : {}),
      ...(disable.length ? { disable } : {}),
    });
  }
  if (state.scenarios.join() !== wanted.scenarios.join()) {
    // All off, then each on in its order: the order decides whose answer wins on a shared refresh.
    await adminCall(admin, 'DELETE', '/scenarios', 204);
    for (const s of wanted.scenarios)
      await adminCall(admin, 'PUT', `/scenarios/${encodeURIComponent(s)}`, 200);
  }
  if (wanted.clockOffset > state.clockOffset) {
    await adminCall(admin, 'POST', '/clock', 200, { advance: wanted.clockOffset - state.clockOffset });
  }
}
