import { closestName } from '../suite/closest-name.js';
import type { Suite } from '../suite/types.js';

/**
 * Why a run selected no case, naming the filter that matched nothing and the nearest name that exists:
 * a mistyped `--grep` must not pass the gate as "no must failure in 0 cases".
 *
 * @example
 * nothingSelected(suites, /rotaton/i)
 * // '--grep "rotaton" matched none of the 112 cases of vcf, …; did you mean "rotation"?'
 */
export function nothingSelected(suites: readonly Suite[], grep: RegExp | undefined): string {
  const cases = suites.flatMap((s) => s.cases);
  const profiles = [...new Set(suites.map((s) => s.profile))];
  if (!grep || cases.length === 0)
    return `no case to run in the suites of ${profiles.join(', ') || 'no profile'}`;
  // --grep reads ids, titles and tags; the words people type are the parts of ids and the tags.
  const words = new Set(cases.flatMap((c) => [c.id, ...c.id.split('.'), ...(c.tags ?? [])]));
  const near = closestName(grep.source, words);
  const example = cases[0]?.id ?? '';
  const head = `--grep ${JSON.stringify(grep.source)} matched none of the ${cases.length} cases of ${profiles.join(', ')}`;
  return near
    ? `${head}; did you mean ${JSON.stringify(near)}?`
    : `${head} (it reads each case's id, title and tags, e.g. ${JSON.stringify(example)})`;
}
