import escapeHtml from 'escape-html';
import { printable } from './console.js';

/**
 * Escapes for element content and quoted attributes alike. Every string in the report may quote a
 * response body from the target, so nothing is interpolated unescaped.
 */
export function escapeText(text: string): string {
  return escapeHtml(printable(text));
}

/** Already-rendered markup: the only thing {@link html} interpolates as it is. */
export class Raw {
  constructor(readonly html: string) {}
}
export type Part = string | number | Raw | readonly Raw[];

/** Tagged template that escapes every interpolated value; `Raw` marks already-rendered markup. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (value instanceof Raw) out += value.html;
    else if (Array.isArray(value)) out += value.map((r: Raw) => r.html).join('');
    else out += escapeText(String(value));
    out += strings[i + 1] ?? '';
  });
  return new Raw(out);
}

export const NOTHING = new Raw('');

/** ` open` where a `<details>` starts open, else nothing. */
export const openIf = (open: boolean): Raw => (open ? new Raw(' open') : NOTHING);
