export const REDACTED = '[redacted]';

const SECRET_KEY = /token|password|secret|authorization|cookie|api_?key|device_code|user_code|refresh/i;
const JWS = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** A piece of redacted text: literal, or a secret the output must not show. */
export type Segment = string | { readonly secret: string };

/** Literal text with anything shaped like a JWT cut out as a secret. */
function jwsSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(JWS)) {
    if (match.index > at) out.push(text.slice(at, match.index));
    out.push({ secret: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/**
 * Knows the secrets of a run (the password, every captured token, --var values) and removes them from
 * anything a report or log shows. Values are replaced wherever they occur; object members with secret
 * names and anything shaped like a JWT are replaced too, for tokens the run never captured.
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  #sorted: string[] | undefined;

  constructor(readonly enabled: boolean) {}

  add(value: unknown): void {
    if (typeof value !== 'string' || value.length < 3 || this.#secrets.has(value)) return;
    this.#secrets.add(value);
    // Kept sorted as secrets arrive (a run captures one or more per case, between redactions): a
    // binary insert instead of sorting them all again at the next redaction.
    if (this.#sorted) {
      let lo = 0;
      let hi = this.#sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.#sorted[mid] as string).length >= value.length) lo = mid + 1;
        else hi = mid;
      }
      this.#sorted.splice(lo, 0, value);
    }
  }

  text(value: string): string {
    if (!this.enabled) return value;
    // Longest first, so a token containing a shorter secret is replaced whole.
    this.#sorted ??= [...this.#secrets].sort((a, b) => b.length - a.length);
    let out = value;
    for (const secret of this.#sorted) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.replace(JWS, REDACTED);
  }

  /**
   * `value` cut into literal text and the secrets in it (known values, longest first, then anything
   * shaped like a JWT), for output that names each secret instead of blanking it (the curl line's
   * shell variables). With redaction off the whole value is one literal.
   */
  segments(value: string): Segment[] {
    if (!this.enabled) return value === '' ? [] : [value];
    this.#sorted ??= [...this.#secrets].sort((a, b) => b.length - a.length);
    const marks: { start: number; end: number }[] = [];
    const free = (start: number, end: number) => marks.every((m) => end <= m.start || start >= m.end);
    for (const secret of this.#sorted) {
      for (let i = value.indexOf(secret); i >= 0; i = value.indexOf(secret, i + secret.length))
        if (free(i, i + secret.length)) marks.push({ start: i, end: i + secret.length });
    }
    marks.sort((a, b) => a.start - b.start);
    const out: Segment[] = [];
    let at = 0;
    for (const m of [...marks, { start: value.length, end: value.length }]) {
      out.push(...jwsSegments(value.slice(at, m.start)));
      if (m.end > m.start) out.push({ secret: value.slice(m.start, m.end) });
      at = m.end;
    }
    return out;
  }

  deep<T>(value: T): T {
    // #deep rebuilds the same shape with strings replaced, so the value keeps its type.
    return this.enabled ? (this.#deep(value, undefined) as T) : value;
  }

  #deep(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string')
      return key !== undefined && SECRET_KEY.test(key) ? REDACTED : this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.#deep(v, key));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.#deep(v, k);
      return out;
    }
    return value;
  }
}
