import type { ProfileId } from '../../schemas/load.js';
import type { SuiteCase } from '../suite/types.js';
import type { Session } from './context.js';
import { needsAdmin, type Task } from './plan.js';

/** How a case uses its suite's login (schemas/suite.schema.json, `session`). */
export type SessionUse = 'none' | 'own' | 'shared' | 'rotates';

export function sessionUse(c: SuiteCase): SessionUse {
  if (c.session === false) return 'none';
  if (c.session === 'shared' || c.session === 'rotates') return c.session;
  return 'own';
}

/**
 * When each case runs. Side by side: cases that leave every session as they found it. Then, one after
 * another: the cases that rotate the shared session (each hands the next what it rotated to), the cases
 * that move the mock's clock (every token would expire under the others), and last the destructive
 * ones, which end the session they use.
 */
export interface Schedule {
  readonly parallel: Task[];
  readonly chain: Task[];
  readonly alone: Task[];
  readonly last: Task[];
}

export function schedule(tasks: readonly Task[]): Schedule {
  const out: Schedule = { parallel: [], chain: [], alone: [], last: [] };
  for (const task of tasks) {
    if (task.c.destructive !== undefined) out.last.push(task);
    else if (needsAdmin(task.c)) out.alone.push(task);
    else if (sessionUse(task.c) === 'rotates') out.chain.push(task);
    else out.parallel.push(task);
  }
  return out;
}

/**
 * Each profile's shared session: opened by the run's first login of the suite, lent (as a copy) to the
 * cases marked `shared`, and moved on by the cases marked `rotates`. A rotating case that cannot hand
 * back what it rotated to loses it: the cases after it log in on their own.
 */
export class SharedSessions {
  readonly #sessions: Map<ProfileId, Session>;
  readonly #lost = new Map<ProfileId, string>();

  constructor(sessions: ReadonlyMap<ProfileId, Session>) {
    this.#sessions = new Map(sessions);
  }

  /** A copy of the profile's shared session, or why there is none to lend. */
  lend(profile: ProfileId): Session | { readonly lost: string } | undefined {
    const lost = this.#lost.get(profile);
    if (lost !== undefined) return { lost };
    const session = this.#sessions.get(profile);
    return session && { vars: new Map(session.vars), secrets: new Set(session.secrets) };
  }

  /** After a rotating case: the values its `handsBack` names become the shared session's. */
  handBack(profile: ProfileId, c: SuiteCase, used: Session): void {
    const shared = this.#sessions.get(profile);
    if (!shared || !c.handsBack) return;
    const values = Object.entries(c.handsBack).map(
      ([variable, capture]) => [variable, used.vars.get(capture)] as const,
    );
    const missing = values.filter(([, value]) => typeof value !== 'string' || value === '');
    if (missing.length > 0) {
      this.#lost.set(profile, `${c.id} did not capture the rotated ${missing.map(([v]) => v).join(', ')}`);
      return;
    }
    for (const [variable, value] of values) {
      shared.vars.set(variable, value);
      if (typeof value === 'string') shared.secrets.add(value);
    }
  }
}
