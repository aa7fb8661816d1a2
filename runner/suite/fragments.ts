import { PLACEHOLDER, placeholderNames, WHOLE } from '../template.js';
import { SuiteError } from './error.js';
import { Origins } from './origins.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The kinds of fragment a suite defines under `fragments`, each with what one is called in a message. */
export const FRAGMENT_KINDS = {
  clauses: 'clause',
  steps: 'step',
  requests: 'request',
  expects: 'expectation',
  assertions: 'assertion list',
} as const;
export type FragmentKind = keyof typeof FRAGMENT_KINDS;
const KINDS: readonly FragmentKind[] = ['clauses', 'steps', 'requests', 'expects', 'assertions'];

export interface UnusedFragment {
  readonly pointer: string;
  readonly name: string;
}

export interface Resolved {
  /** The suite with every reference replaced by what it names, and no `fragments`. */
  readonly suite: JsonObject;
  /** Where each resolved part was written, for errors found in the resolved form. */
  readonly origins: Origins;
  /** Fragments that no case or bootstrap uses: `tokenrig validate` warns of them. */
  readonly unused: readonly UnusedFragment[];
}

interface Definition {
  readonly kind: FragmentKind;
  readonly value: Json;
  readonly at: string;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const pointerKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The binding that brought the placeholders left in `bound` (the text after binding `written`), when
 * every one of them came in with a binding; undefined when the text has placeholders of its own.
 */
function boundFrom(written: string, bound: string, bindings: JsonObject): string | undefined {
  const names = placeholderNames(written);
  const left = placeholderNames(bound);
  if (left.length === 0 || names.some((n) => !Object.hasOwn(bindings, n) && left.includes(n)))
    return undefined;
  return names.find((n) => Object.hasOwn(bindings, n) && JSON.stringify(bindings[n]).includes('{{'));
}

/**
 * Replaces every reference of a suite (already valid against schemas/suite.schema.json as written) by
 * the fragment it names: a clause name in `clauses`, `{"use": …}` as a step, request, expectation or
 * body assertion. `with` binds the fragment's `{{variables}}` at load time (any other placeholder is left
 * for the run), and keys written beside `use` replace the fragment's own. A case with an `advanceClock`
 * step gets `requires: ["tokenrig-admin"]`. Errors (an unknown name, a fragment of another kind, a
 * fragment that uses itself, a binding nothing uses, a clock move in the bootstrap) point into the file
 * as written.
 */
export function resolveFragments(file: string, written: JsonObject): Resolved {
  const origins = new Origins();
  const fail = (at: string, problem: string): never => {
    throw new SuiteError(file, at, problem);
  };
  const definitions = new Map<string, Definition>();
  const groups = isObject(written.fragments) ? written.fragments : {};
  for (const kind of KINDS) {
    const group = groups[kind];
    for (const [name, value] of Object.entries(isObject(group) ? group : {})) {
      const at = `/fragments/${kind}/${pointerKey(name)}`;
      const other = definitions.get(name);
      if (other) fail(at, `${name} already names the ${FRAGMENT_KINDS[other.kind]} at ${other.at}`);
      definitions.set(name, { kind, value, at });
    }
  }
  let used = new Set<string>();
  const active: string[] = [];

  function lookup(name: string, kind: FragmentKind, at: string): Definition {
    const found = definitions.get(name);
    if (!found) {
      const same = [...definitions].filter(([, d]) => d.kind === kind).map(([n]) => n);
      const known = same.length > 0 ? `there are ${same.join(', ')}` : 'the suite defines none';
      return fail(at, `no ${FRAGMENT_KINDS[kind]} fragment is named ${name} (${known})`);
    }
    if (found.kind !== kind) {
      return fail(
        at,
        `${name} is a ${FRAGMENT_KINDS[found.kind]} (${found.at}), not a ${FRAGMENT_KINDS[kind]}`,
      );
    }
    if (active.includes(name)) {
      return fail(
        at,
        `fragment ${name} uses itself: ${[...active.slice(active.indexOf(name)), name].join(' → ')}`,
      );
    }
    used.add(name);
    return found;
  }

  /**
   * `{{name}}` → the bound value, in a copy that keeps the origins of what it copies. A member whose
   * remaining placeholders all came in with a binding is recorded as written at that `with` member
   * (`withAt`), so a problem with one of them is reported where it was typed.
   */
  function bind(value: Json, bindings: JsonObject, bound: Set<string>, withAt: string): Json {
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value)?.[1];
      if (whole !== undefined && Object.hasOwn(bindings, whole)) {
        bound.add(whole);
        const v = structuredClone(bindings[whole] ?? null);
        return typeof v === 'object' && v !== null ? origins.record(v, `${withAt}/${pointerKey(whole)}`) : v;
      }
      return value.replace(PLACEHOLDER, (text, name: string) => {
        if (!Object.hasOwn(bindings, name)) return text;
        bound.add(name);
        const v = bindings[name];
        return typeof v === 'string' ? v : JSON.stringify(v);
      });
    }
    if (!Array.isArray(value) && !isObject(value)) return value;
    const keys = new Map<string, string>();
    const member = (key: string, v: Json): Json => {
      const out = bind(v, bindings, bound, withAt);
      const from = typeof v === 'string' && typeof out === 'string' ? boundFrom(v, out, bindings) : undefined;
      if (from !== undefined) keys.set(key, `${withAt}/${pointerKey(from)}`);
      return out;
    };
    if (Array.isArray(value))
      return origins.copy(
        value,
        value.map((v, i) => member(String(i), v)),
        keys,
      );
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) out[key] = member(key, v);
    return origins.copy(value, out, keys);
  }

  /** The fragment `ref.use` names, resolved, with `ref.with` bound. */
  function expand(ref: JsonObject, at: string, kind: FragmentKind, resolve: (v: Json, at: string) => Json) {
    const name = String(ref.use);
    const definition = lookup(name, kind, `${at}/use`);
    active.push(name);
    const value = resolve(definition.value, definition.at);
    active.pop();
    const bindings = isObject(ref.with) ? ref.with : {};
    const bound = new Set<string>();
    const result = Object.keys(bindings).length === 0 ? value : bind(value, bindings, bound, `${at}/with`);
    for (const key of Object.keys(bindings)) {
      if (!bound.has(key))
        fail(`${at}/with/${pointerKey(key)}`, `fragment ${name} has no {{${key}}} to bind`);
    }
    return result;
  }

  /** A step, request or expectation: written in place, or a reference whose own keys win. */
  function object(kind: FragmentKind, value: Json, at: string, inPlace: Resolver): JsonObject {
    if (!isObject(value)) return fail(at, `a ${FRAGMENT_KINDS[kind]} is an object`);
    if (value.use === undefined) return inPlace(value, at);
    const base = expand(value, at, kind, (v, a) => object(kind, v, a, inPlace));
    if (!isObject(base)) return fail(at, `fragment ${String(value.use)} is not an object`);
    const { use: _use, with: _with, ...written } = value;
    const own = inPlace(written, at);
    const keys = new Map<string, string>();
    for (const key of Object.keys(base)) keys.set(key, origins.locate(base, `/${pointerKey(key)}`));
    for (const key of Object.keys(own)) keys.set(key, `${at}/${pointerKey(key)}`);
    return origins.record({ ...base, ...own }, at, keys);
  }

  type Resolver = (value: JsonObject, at: string) => JsonObject;
  const request: Resolver = (v, at) => origins.record({ ...v }, at);
  const expect: Resolver = (v, at) => {
    const out = { ...v };
    if (Array.isArray(v.body)) out.body = assertions(v.body, `${at}/body`);
    return origins.record(out, at);
  };
  const step: Resolver = (v, at) => {
    const out = { ...v };
    if (v.request !== undefined) out.request = object('requests', v.request, `${at}/request`, request);
    if (v.expect !== undefined) out.expect = object('expects', v.expect, `${at}/expect`, expect);
    return origins.record(out, at);
  };

  function assertions(list: Json, at: string): Json[] {
    if (!Array.isArray(list)) return fail(at, 'an assertion list is an array');
    const out = list.flatMap((item, i): Json[] => {
      if (!isObject(item)) return [item];
      if (item.use === undefined) return [origins.record({ ...item }, `${at}/${i}`)];
      const spliced = expand(item, `${at}/${i}`, 'assertions', assertions);
      return Array.isArray(spliced) ? spliced : [spliced];
    });
    return origins.record(out, at);
  }

  function clause(value: Json, at: string): Json {
    if (typeof value !== 'string') return isObject(value) ? origins.record({ ...value }, at) : value;
    const definition = lookup(value, 'clauses', at);
    return isObject(definition.value)
      ? origins.record({ ...definition.value }, definition.at)
      : definition.value;
  }

  const steps = (list: Json | undefined, at: string): Json[] =>
    origins.record(
      (Array.isArray(list) ? list : []).map((s, i) => object('steps', s, `${at}/${i}`, step)),
      at,
    );
  const isClock = (s: Json) => isObject(s) && s.advanceClock !== undefined;

  const { fragments: _fragments, ...suite } = written;
  if (isObject(written.bootstrap)) {
    const bootstrapSteps = steps(written.bootstrap.steps, '/bootstrap/steps');
    bootstrapSteps.forEach((s, i) => {
      if (isClock(s))
        fail(
          `/bootstrap/steps/${i}`,
          'a bootstrap cannot move the clock (it runs before every case): move it into the case',
        );
    });
    suite.bootstrap = origins.record({ ...written.bootstrap, steps: bootstrapSteps }, '/bootstrap');
  }
  const cases = Array.isArray(written.cases) ? written.cases : [];
  suite.cases = origins.record(
    cases.map((c, i) => {
      const at = `/cases/${i}`;
      if (!isObject(c)) return c;
      const caseSteps = steps(c.steps, `${at}/steps`);
      const out: JsonObject = { ...c, steps: caseSteps };
      if (Array.isArray(c.clauses)) {
        out.clauses = origins.record(
          c.clauses.map((cl, j) => clause(cl, `${at}/clauses/${j}`)),
          `${at}/clauses`,
        );
      }
      if (caseSteps.some(isClock)) {
        const requires = Array.isArray(c.requires) ? c.requires : [];
        out.requires = [...new Set([...requires, 'tokenrig-admin'])];
      }
      return origins.record(out, at);
    }),
    '/cases',
  );

  // An unused fragment is still checked, so a broken one is an error before anyone uses it.
  const reached = used;
  for (const [name, definition] of definitions) {
    if (reached.has(name)) continue;
    used = new Set();
    const { kind, value, at } = definition;
    if (kind === 'clauses') clause(value, at);
    else if (kind === 'assertions') assertions(value, at);
    else object(kind, value, at, kind === 'steps' ? step : kind === 'requests' ? request : expect);
  }
  const unused = [...definitions]
    .filter(([name]) => !reached.has(name))
    .map(([name, d]) => ({ name, pointer: d.at }));
  return { suite: origins.record(suite, ''), origins, unused };
}
