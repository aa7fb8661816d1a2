import type { StatusPattern } from './types.js';

/** Whether a received status is one a suite expects: the code itself, or its class (`"4XX"`). */
export function matchesStatus(pattern: StatusPattern, status: number): boolean {
  return typeof pattern === 'number' ? pattern === status : Number(pattern[0]) === Math.floor(status / 100);
}

export function matchesAnyStatus(patterns: readonly StatusPattern[], status: number): boolean {
  return patterns.some((p) => matchesStatus(p, status));
}

/** Whether any status the pattern allows is a success (2xx): the step shows a valid request. */
export function allowsSuccess(pattern: StatusPattern): boolean {
  return typeof pattern === 'number' ? pattern >= 200 && pattern < 300 : pattern === '2XX';
}

/** Whether every status `pattern` stands for is one `allowed` accepts (no `allowed`: any status is). */
export function allowsStatus(allowed: readonly StatusPattern[] | undefined, pattern: StatusPattern): boolean {
  if (!allowed) return true;
  return typeof pattern === 'number' ? matchesAnyStatus(allowed, pattern) : allowed.includes(pattern);
}
