import type { BodyAssertion } from '../suite/types.js';
import { resolvePointer } from '../template.js';
import type { Assertion, AssertionContext } from './assertion.js';
import { deepEqual, isNonEmpty, jsonType } from './json-value.js';

/** The value a body assertion's pointer found, if any. */
export type Found = { readonly found: true; readonly value: unknown } | { readonly found: false };

/** A body keyword: what is wrong with the value at the assertion's path, or undefined when it holds. */
export interface BodyKeyword {
  readonly keyword: keyof BodyAssertion;
  readonly problem: (at: Found, assertion: BodyAssertion, context: AssertionContext) => string | undefined;
}

const foundValue = (at: Found): unknown => (at.found ? at.value : undefined);

export const bodyExists: BodyKeyword = {
  keyword: 'exists',
  problem: (at, { exists }) =>
    exists === true && !at.found ? 'is missing' : exists === false && at.found ? 'is present' : undefined,
};

export const equals: BodyKeyword = {
  keyword: 'equals',
  problem(at, a, { render }) {
    if (a.equals === undefined) return undefined;
    const expected = render(a.equals);
    return deepEqual(foundValue(at), expected) ? undefined : `should equal ${JSON.stringify(expected)}`;
  },
};

/** An absent member differs from anything: only a present, equal value fails (a token that did not rotate). */
export const notEquals: BodyKeyword = {
  keyword: 'notEquals',
  problem: (at, a, { render }) =>
    a.notEquals !== undefined && at.found && deepEqual(at.value, render(a.notEquals))
      ? 'should differ from the previous value'
      : undefined,
};

export const oneOf: BodyKeyword = {
  keyword: 'oneOf',
  problem: (at, a, { render }) =>
    a.oneOf && !a.oneOf.some((o) => deepEqual(foundValue(at), render(o)))
      ? `should be one of ${JSON.stringify(a.oneOf)}`
      : undefined,
};

export const type: BodyKeyword = {
  keyword: 'type',
  problem: (at, a) =>
    a.type && !(at.found && jsonType(at.value, a.type)) ? `should be of type ${a.type}` : undefined,
};

export const matches: BodyKeyword = {
  keyword: 'matches',
  problem(at, a) {
    if (a.matches === undefined) return undefined;
    const value = foundValue(at);
    return typeof value === 'string' && new RegExp(a.matches).test(value)
      ? undefined
      : `should match /${a.matches}/`;
  },
};

export const nonEmpty: BodyKeyword = {
  keyword: 'nonEmpty',
  problem: (at, a) => (a.nonEmpty && !isNonEmpty(foundValue(at)) ? 'should not be empty' : undefined),
};

/** In the order their problems are listed in a failure's message. */
export const BODY_KEYWORDS: readonly BodyKeyword[] = [
  bodyExists,
  equals,
  notEquals,
  oneOf,
  type,
  matches,
  nonEmpty,
];

/** Keys of an assertion that only says "this member must not exist", which a non-JSON body satisfies. */
const ABSENCE_ONLY = new Set(['path', 'exists', 'severity', 'title']);

/** `body`: each listed member, one failure per assertion naming every keyword it breaks. */
export const body: Assertion = {
  keyword: 'body',
  run({ json }, expect, context) {
    return (expect.body ?? []).flatMap((a) => {
      const severity = a.severity ?? context.severity;
      const where = a.path || '(body)';
      if (!json.ok) {
        // A body that is not JSON has no member at all: only "must not exist" still holds.
        if (a.exists === false && Object.keys(a).every((k) => ABSENCE_ONLY.has(k))) return [];
        const message = `Cannot check ${where}: ${json.error}`;
        return [
          {
            check: 'assertion',
            title: a.title ?? 'Response body is not JSON',
            message,
            severity,
            path: a.path,
          },
        ];
      }
      const at = resolvePointer(json.value, a.path);
      const problems = BODY_KEYWORDS.flatMap((k) => k.problem(at, a, context) ?? []);
      if (problems.length === 0) return [];
      return [
        {
          check: 'assertion',
          title: a.title ?? `Body ${a.path || '(root)'} ${problems[0]}`,
          message: `${where} ${problems.join('; ')} / Received: ${at.found ? JSON.stringify(at.value) : '(absent)'}`,
          severity,
          path: a.path,
          ...(at.found ? { actual: at.value } : {}),
          ...(a.equals !== undefined ? { expected: a.equals } : {}),
        },
      ];
    });
  },
};
