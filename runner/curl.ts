import { CURL_SECRET_KINDS, type CurlSecretKind, kindOf } from './curl-variables.js';
import type { HttpRequest } from './http.js';
import type { CurlVariable } from './model.js';
import type { Redactor, Segment } from './redact.js';

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The name of the member, field, cookie or query parameter a secret is the value of, from the text before it. */
function keyBefore(text: string): string | undefined {
  // The secret may follow part of the value ("not-" + password): the key is the last one opened.
  const match =
    /"([^"\\]+)"\s*:\s*(?:"[^"\\]*)?$/.exec(text) ?? /(?:^|[?&;,\s])([^=&?;,\s]+)=[^=&?;,\s]*$/.exec(text);
  return match?.[1];
}

type Piece = string | { readonly secret: string; readonly label: string };

/** A word's segments with each secret labelled by the key it is the value of, else by `label`. */
function pieces(segments: readonly Segment[], label: string): Piece[] {
  let before = '';
  return segments.map((s) => {
    if (typeof s !== 'string') return { secret: s.secret, label: keyBefore(before) ?? label };
    before += s;
    return s;
  });
}

/**
 * Names the secrets of one curl line: each distinct secret gets the variable of its most specific kind
 * over all the places it is sent (the mock's password `demo` is also its user name), numbered when one
 * line sends two different secrets of a kind (a swapped pair): `TOKENRIG_REFRESH_TOKEN`, `…_2`.
 */
function names(words: readonly Piece[][]): Map<string, string> {
  const best = new Map<string, CurlSecretKind>();
  for (const p of words.flat()) {
    if (typeof p === 'string') continue;
    const kind = kindOf(p.label);
    const known = best.get(p.secret);
    if (!known || CURL_SECRET_KINDS.indexOf(kind) < CURL_SECRET_KINDS.indexOf(known))
      best.set(p.secret, kind);
  }
  const used = new Map<string, number>();
  const out = new Map<string, string>();
  for (const [secret, kind] of best) {
    const n = (used.get(kind.name) ?? 0) + 1;
    used.set(kind.name, n);
    out.set(secret, n === 1 ? kind.name : `${kind.name}_${n}`);
  }
  return out;
}

/** One shell word: literal text single-quoted, each secret as its double-quoted variable. */
function render(word: readonly Piece[], named: ReadonlyMap<string, string>): string {
  let out = '';
  let literal = '';
  for (const p of word) {
    if (typeof p === 'string') {
      literal += p;
      continue;
    }
    if (literal !== '') out += quote(literal);
    literal = '';
    out += `"$${named.get(p.secret)}"`;
  }
  if (literal !== '' || out === '') out += quote(literal);
  return out;
}

/**
 * An Authorization value with no known secret in it, and every cookie value, is still a credential
 * (one given with --header, say): it becomes a secret all the same, so it is never shown.
 */
function credentialSegments(name: string, value: string, redactor: Redactor): Segment[] {
  if (!redactor.enabled) return redactor.segments(value);
  if (/^cookie$/i.test(name)) {
    return value.split(/(=[^;]*)/).flatMap((part): Segment[] => {
      if (!part.startsWith('=')) return part === '' ? [] : [part];
      const inner = redactor.segments(part.slice(1));
      return ['=', ...(inner.some((s) => typeof s !== 'string') ? inner : [{ secret: part.slice(1) }])];
    });
  }
  const segments = redactor.segments(value);
  if (segments.some((s) => typeof s !== 'string')) return segments;
  const match = /^(\S+\s+)(\S.*)$/.exec(value);
  return match?.[1] && match[2] ? [match[1], { secret: match[2] }] : [{ secret: value }];
}

/**
 * A curl command that repeats a request. Unless the run shows secrets, each secret is a named shell
 * variable (`"$TOKENRIG_REFRESH_TOKEN"`), so the line stays valid shell and replays once the variable
 * is exported; {@link curlVariables} says how to obtain each.
 *
 * @example
 * curlLine(request, redactor)
 * // curl -sS -i -X POST 'http://127.0.0.1:4010/auth/refresh' --data-raw '{"refreshToken":"'"$TOKENRIG_REFRESH_TOKEN"'"}'
 */
export function curlLine(request: HttpRequest, redactor: Redactor): string {
  const words: { flag?: string; word: Piece[] }[] = [{ word: pieces(redactor.segments(request.url), 'url') }];
  for (const [name, value] of Object.entries(request.headers)) {
    const segments = /^(authorization|cookie)$/i.test(name)
      ? credentialSegments(name, value, redactor)
      : redactor.segments(value);
    const scheme = /^authorization$/i.test(name) ? ` ${value.split(/\s/)[0] ?? ''}` : '';
    words.push({ flag: '-H', word: pieces([`${name}: `, ...segments], `${name}${scheme}`) });
  }
  if (request.body !== undefined)
    words.push({ flag: '--data-raw', word: pieces(redactor.segments(request.body), 'body') });
  const named = names(words.map((w) => w.word));
  const rendered = words.flatMap((w) => [...(w.flag ? [w.flag] : []), render(w.word, named)]);
  return ['curl', '-sS', '-i', '-X', request.method, ...rendered].join(' ');
}

const VARIABLE = /"\$(TOKENRIG_[A-Z_]+?)(?:_(\d+))?"/g;

/**
 * The variables a set of curl lines reads, each once, in the order of {@link CURL_SECRET_KINDS}, with
 * how to obtain it: what a report prints once, next to its curl lines.
 */
export function curlVariables(lines: Iterable<string>): CurlVariable[] {
  const found = new Map<string, { kind: CurlSecretKind; n: number }>();
  for (const line of lines) {
    for (const match of line.matchAll(VARIABLE)) {
      const kind = CURL_SECRET_KINDS.find((k) => k.name === match[1]);
      if (kind) found.set(match[0].slice(2, -1), { kind, n: Number(match[2] ?? 1) });
    }
  }
  return [...found]
    .sort(
      ([, a], [, b]) => CURL_SECRET_KINDS.indexOf(a.kind) - CURL_SECRET_KINDS.indexOf(b.kind) || a.n - b.n,
    )
    .map(([name, { kind, n }]) => ({
      name,
      kind: n === 1 ? kind.kind : `${kind.kind} (a different one, where a line sends two)`,
      obtain: kind.obtain,
    }));
}
