import { closestName } from './suite/closest-name.js';

/** A suite refers to a variable nobody defined: a harness error in that case, never a silent empty string. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export type Vars = ReadonlyMap<string, unknown>;

/** `{{name}}`, spaces allowed inside the braces; the one placeholder syntax of suites. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** A string that is exactly one placeholder: replaced by the value as it is, not as text. */
export const WHOLE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** Variables every session has: the run's account, the target, and `uuid` (fresh at every use). */
export const BUILT_IN_VARIABLES = ['username', 'password', 'baseUrl', 'uuid'] as const;

/** The names of the placeholders in a text, in order (repeats kept). */
export function placeholderNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Replaces `{{name}}` placeholders throughout a JSON value. A string that is exactly one placeholder
 * becomes the variable's value as it is (so a captured object or number keeps its type); inside a
 * longer string the value is interpolated as text. `uuid` is a fresh generated UUID at every use.
 */
export function render(value: unknown, vars: Vars, uuid: () => string): unknown {
  const lookup = (name: string): unknown => {
    if (name === 'uuid' && !vars.has('uuid')) return uuid();
    if (!vars.has(name)) {
      const near = closestName(name, [...vars.keys(), 'uuid']);
      throw new TemplateError(
        `{{${name}}} is not defined (known: ${[...vars.keys()].sort().join(', ') || 'none'})${near ? `; did you mean \`${near}\`?` : ''}`,
      );
    }
    return vars.get(name);
  };
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole?.[1]) return lookup(whole[1]);
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const v = lookup(name);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => render(v, vars, uuid));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = render(v, vars, uuid);
    return out;
  }
  return value;
}

/** Renders a value that must come out as a string (headers, paths, cookie values). */
export function renderString(value: string, vars: Vars, uuid: () => string): string {
  const out = render(value, vars, uuid);
  return typeof out === 'string' ? out : JSON.stringify(out);
}

/** RFC 6901 JSON pointer lookup; `""` is the whole document. */
export function resolvePointer(
  doc: unknown,
  pointer: string,
): { found: true; value: unknown } | { found: false } {
  if (pointer === '') return { found: true, value: doc };
  if (!pointer.startsWith('/')) return { found: false };
  let current: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(key) || Number(key) >= current.length) return { found: false };
      current = current[Number(key)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}
