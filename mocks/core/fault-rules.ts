import { type Directives, FAULT_KINDS, MAX_DELAY_MS } from './directives.js';
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
    delay: { type: 'integer', minimum: 0, maximum: MAX_DELAY_MS },
    fault: { enum: FAULT_KINDS },
    count: { type: 'integer', minimum: 1 },
    /** Chance in [0, 1] that a matching request is affected; 1 when absent. */
    probability: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

export type FaultRuleRequest = FromSchema<typeof FAULT_RULE_SCHEMA>;

/** A rule as the store keeps it: the delay named for its unit, the count as what is left of it. */
export type FaultRuleInput = Omit<FaultRuleRequest, 'delay' | 'count'> & {
  readonly delayMs?: number;
  /** How many more requests the rule affects; unlimited when absent. */
  remaining?: number;
};

/** A persistent fault installed through `/__admin/faults`, matched by profile and operation. */
export type FaultRule = FaultRuleInput & { readonly id: string; hits: number; readonly createdAt: number };

/** A request's rule as the store keeps it. */
export function ruleInput({ delay, count, ...rest }: FaultRuleRequest): FaultRuleInput {
  return {
    ...rest,
    ...(delay === undefined ? {} : { delayMs: delay }),
    ...(count === undefined ? {} : { remaining: count }),
  };
}

/**
 * Admin-installed faults. Rules are checked in the order they were added and the first that matches
 * and fires wins, as WireMock's stub priority does for equal priorities.
 */
export class FaultRules {
  readonly #rules = new Map<string, FaultRule>();

  add(input: FaultRuleInput, id: string, now: number): FaultRule {
    const rule: FaultRule = { ...input, id, hits: 0, createdAt: now };
    this.#rules.set(id, rule);
    return rule;
  }

  list(): FaultRule[] {
    return [...this.#rules.values()];
  }

  delete(id: string): boolean {
    return this.#rules.delete(id);
  }

  clear(): void {
    this.#rules.clear();
  }

  /** The directives of the first rule that applies to this request, consuming one of its uses. */
  match(profile: string, operation: string, roll: () => number): Directives | undefined {
    // Checked first: most mocks run with no rules, and most requests need no more than this.
    if (this.#rules.size === 0) return undefined;
    for (const rule of this.#rules.values()) {
      if (rule.profile !== undefined && rule.profile !== profile) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      if (rule.probability !== undefined && roll() >= rule.probability) continue;
      rule.hits++;
      if (rule.remaining !== undefined) {
        rule.remaining--;
        if (rule.remaining <= 0) this.#rules.delete(rule.id);
      }
      const directives: Directives = {};
      if (rule.status !== undefined) directives.code = rule.status;
      if (rule.error !== undefined) directives.error = rule.error;
      if (rule.delayMs !== undefined) directives.delayMs = rule.delayMs;
      if (rule.fault !== undefined) directives.fault = rule.fault;
      return directives;
    }
    return undefined;
  }
}
