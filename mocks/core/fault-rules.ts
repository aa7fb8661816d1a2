import { type Directives, FAULT_KINDS, MAX_DELAY_MS } from './directives.js';

/** A rule that fired for a request: what it asks for, and its id (what the journal names). */
export interface FiredRule {
  readonly id: string;
  readonly directives: Directives;
}

import type { FromSchema } from './schema-type.js';

/**
 * A fault rule as `/__admin/faults` takes it: the one place its fields are written. The admin API
 * validates a request with it; the TypeScript type below is derived from it.
 */
export const FAULT_RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    profile: { type: 'string' },
    operation: { type: 'string' },
    status: { type: 'integer', minimum: 200, maximum: 599 },
    error: { type: 'string', minLength: 1 },
    /** Milliseconds, as `Prefer: delay=` takes them. */
    delay: { type: 'integer', minimum: 0, maximum: MAX_DELAY_MS },
    fault: { enum: FAULT_KINDS },
    count: { type: 'integer', minimum: 1 },
    /** Chance in [0, 1] that a matching request is affected; 1 when absent. */
    probability: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

export type FaultRuleRequest = FromSchema<typeof FAULT_RULE_SCHEMA>;

/**
 * A persistent fault installed through `/__admin/faults`, matched by profile and operation. It keeps
 * the request's members under the names they were sent with (`delay`, `count`), so a client reads back
 * what it posted; what the mock adds has names of its own.
 */
export type FaultRule = FaultRuleRequest & {
  readonly id: string;
  /** Requests the rule has affected. */
  hits: number;
  /** How many more requests it affects (`count` less its hits); absent when `count` was not given. */
  remaining?: number;
  /** Milliseconds since the epoch, by the mock's clock. */
  readonly createdAt: number;
};

/**
 * Admin-installed faults. Rules are checked in the order they were added and the first that matches
 * and fires wins, as WireMock's stub priority does for equal priorities.
 */
export class FaultRules {
  readonly #rules = new Map<string, FaultRule>();
  /** The last id handed out: ids are never reused while the mock runs, only after a reset. */
  #seq = 0;
  readonly #uses: RuleUses | undefined;

  constructor({ uses }: { uses?: RuleUses } = {}) {
    this.#uses = uses;
  }

  /** Installs a rule as `rule-<n>`, n counting from 1 at start-up and after a reset. */
  add(request: FaultRuleRequest, now: number): FaultRule {
    const rule: FaultRule = {
      ...request,
      id: `rule-${++this.#seq}`,
      hits: 0,
      ...(request.count === undefined ? {} : { remaining: request.count }),
      createdAt: now,
    };
    this.#rules.set(rule.id, rule);
    return rule;
  }

  list(): FaultRule[] {
    return [...this.#rules.values()];
  }

  delete(id: string): boolean {
    return this.#rules.delete(id);
  }

  /** Removes every rule; ids go on counting, so an id a client still holds never names a new rule. */
  clear(): void {
    this.#rules.clear();
  }

  /** As at start-up: no rules, and the next rule is `rule-1` again. */
  reset(): void {
    this.#rules.clear();
    this.#seq = 0;
  }

  /** The rules and the last id, as the shared store keeps them (mocks/core/shared-control.ts). */
  snapshot(): FaultSnapshot {
    return { seq: this.#seq, rules: this.list() };
  }

  restore({ seq, rules }: FaultSnapshot): void {
    this.#seq = seq;
    this.#rules.clear();
    for (const rule of rules) this.#rules.set(rule.id, { ...rule });
  }

  /**
   * The first rule that applies to this request and its directives, consuming one of its uses: here,
   * or through the shared store's count when rules are shared (a promise then, since it asks Redis).
   */
  match(
    profile: string,
    operation: string,
    roll: () => number,
  ): FiredRule | undefined | Promise<FiredRule | undefined> {
    // Checked first: most mocks run with no rules, and most requests need no more than this.
    if (this.#rules.size === 0) return undefined;
    const candidates = this.#applying(profile, operation, roll);
    const uses = this.#uses;
    if (uses === undefined) {
      const rule = candidates.next().value;
      if (rule === undefined) return undefined;
      rule.hits++;
      if (rule.remaining !== undefined) this.#left(rule, rule.remaining - 1);
      return fired(rule);
    }
    return this.#matchShared(candidates, uses);
  }

  /** The rules that apply, in order; lazily, so a rule's chance is drawn only when it is reached. */
  *#applying(profile: string, operation: string, roll: () => number): Generator<FaultRule, undefined> {
    for (const rule of this.#rules.values()) {
      if (rule.profile !== undefined && rule.profile !== profile) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      if (rule.probability !== undefined && roll() >= rule.probability) continue;
      yield rule;
    }
    return undefined;
  }

  /** Takes rules' uses from the shared count in order; one another process used up is dropped here too. */
  async #matchShared(candidates: Iterable<FaultRule>, uses: RuleUses): Promise<FiredRule | undefined> {
    for (const rule of candidates) {
      const taken = await uses(rule);
      if (taken === undefined) {
        this.#rules.delete(rule.id);
        continue;
      }
      rule.hits = taken.hits;
      if (taken.remaining !== undefined) this.#left(rule, taken.remaining);
      return fired(rule);
    }
    return undefined;
  }

  /** Sets what a counted rule has left, dropping it once it has none. */
  #left(rule: FaultRule, remaining: number): void {
    rule.remaining = remaining;
    if (remaining <= 0) this.#rules.delete(rule.id);
  }

  /** Updates hits and what is left from the shared counts; a rule with none left goes. */
  counted(id: string, hits: number, remaining: number | undefined): void {
    const rule = this.#rules.get(id);
    if (!rule) return;
    rule.hits = hits;
    if (remaining !== undefined && rule.remaining !== undefined) this.#left(rule, remaining);
  }
}

/** What the shared store keeps of the rules. */
export interface FaultSnapshot {
  readonly seq: number;
  readonly rules: readonly FaultRule[];
}

/**
 * One use of a rule taken from the count every process shares: its hits and what is left after it, or
 * undefined when the rule has none left (another process used the last).
 */
export type RuleUses = (rule: FaultRule) => Promise<{ hits: number; remaining?: number } | undefined>;

function fired(rule: FaultRule): FiredRule {
  const directives: Directives = {};
  if (rule.status !== undefined) directives.code = rule.status;
  if (rule.error !== undefined) directives.error = rule.error;
  if (rule.delay !== undefined) directives.delayMs = rule.delay;
  if (rule.fault !== undefined) directives.fault = rule.fault;
  return { id: rule.id, directives };
}
