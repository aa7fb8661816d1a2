import type { Directives, FaultKind } from './directives.js';

/** A persistent fault installed through `/__admin/faults`, matched by profile and operation. */
export interface FaultRule {
  readonly id: string;
  readonly profile?: string;
  readonly operation?: string;
  readonly status?: number;
  readonly error?: string;
  readonly delayMs?: number;
  readonly fault?: FaultKind;
  /** Chance in [0, 1] that a matching request is affected; 1 when absent. */
  readonly probability?: number;
  /** How many more requests the rule affects; unlimited when absent. */
  remaining?: number;
  hits: number;
  readonly createdAt: number;
}

export type FaultRuleInput = Omit<FaultRule, 'id' | 'hits' | 'createdAt'>;

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
