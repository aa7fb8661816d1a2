import type { Journal } from '../core/journal.js';
import { type ClientRuleOptions, clientHistory, DEFAULT_CLIENT_RULE_OPTIONS } from './history.js';
import { CLIENT_RULES, type ListedRule, type Reference } from './rules.js';

/** One finding as `GET /__admin/client-report` shows it (schemas/client-report.schema.json). */
export interface ClientFinding {
  readonly id: string;
  readonly rule: string;
  readonly title: string;
  readonly severity: 'must' | 'should';
  readonly profile: string;
  readonly session?: string;
  readonly message: string;
  readonly evidence: readonly { readonly request: number; readonly time: string }[];
  readonly reference: Reference;
}

export interface ClientReport {
  readonly generatedAt: string;
  readonly requestsSeen: number;
  /** False when the journal's ring dropped requests: a finding among them cannot be seen. */
  readonly complete: boolean;
  readonly findings: readonly ClientFinding[];
}

/**
 * The client report: every rule over the journal's requests. Built when asked for, from what the
 * journal holds, so a request costs the rules nothing.
 */
export function clientReport(
  journal: Journal,
  now: number,
  options: ClientRuleOptions = DEFAULT_CLIENT_RULE_OPTIONS,
  rules: readonly ListedRule[] = CLIENT_RULES,
): ClientReport {
  const records = journal.records();
  const history = clientHistory(records);
  const findings: ClientFinding[] = [];
  for (const { rule, severity, reference } of rules) {
    for (const found of rule.find(history, options)) {
      const first = found.evidence[0]?.record.id ?? 0;
      findings.push({
        // The rule, whose requests, and the first of them: the same finding keeps its id as requests come.
        id: `${rule.name}:${found.session ?? found.profile}:${first}`,
        rule: rule.name,
        title: rule.title,
        severity,
        profile: found.profile,
        ...(found.session === undefined ? {} : { session: found.session }),
        message: found.message,
        evidence: found.evidence.map((r) => ({
          request: r.record.id,
          time: new Date(r.endedAt).toISOString(),
        })),
        reference,
      });
    }
  }
  return {
    generatedAt: new Date(now).toISOString(),
    requestsSeen: journal.total,
    complete: journal.total === records.length,
    findings,
  };
}

/**
 * One line for the mock's log on stop, or undefined when nothing was found; a namespace's line points at
 * its own report.
 */
export function reportSummary(report: ClientReport, namespace?: string): string | undefined {
  const { findings } = report;
  if (findings.length === 0) return undefined;
  const must = findings.filter((f) => f.severity === 'must').length;
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const rules = [...byRule].map(([rule, n]) => (n === 1 ? rule : `${rule} ×${n}`)).join(', ');
  const incomplete = report.complete ? '' : ' (the journal dropped older requests: there may be more)';
  return (
    `client report: ${findings.length} finding${findings.length === 1 ? '' : 's'} ` +
    `(${must} must, ${findings.length - must} should): ${rules}${incomplete}; see GET ${namespace === undefined ? '' : `/__ns/${namespace}`}/__admin/client-report`
  );
}
