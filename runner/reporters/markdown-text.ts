import escapeHtml from 'escape-html';
import { printable } from './console.js';

/**
 * Text for a Markdown line or table cell. Everything in a report may quote the target, so Markdown
 * and HTML syntax is neutralised: GitHub renders raw HTML in a step summary, and `|` would split a
 * table cell. Newlines become spaces: a line stays a line.
 */
export function mdText(text: string): string {
  const line = escapeHtml(printable(text).replace(/[\r\n\t]+/g, ' '));
  // Emphasis, code, links, tables and strikethrough anywhere; a heading or list only at the start.
  return line
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^([#+-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Inline code that holds any text: a fence longer than any backtick run inside it (CommonMark 6.1). */
export function mdCode(text: string): string {
  const line = printable(text).replace(/[\r\n\t]+/g, ' ');
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line.startsWith(' ') ? ' ' : '';
  // Not for table cells: there GFM splits at `|` even inside code.
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced block that holds any text, with its language for highlighting. */
export function mdBlock(text: string, lang = ''): string {
  const body = printable(text);
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** Text inside an HTML element (`<summary>`), where Markdown is not parsed. */
export function htmlText(text: string): string {
  return escapeHtml(printable(text).replace(/[\r\n\t]+/g, ' '));
}

/** The first line of a message, cut to `max` characters, for a one-line summary. */
export function short(text: string, max = 120): string {
  const first = text.split('\n', 1)[0] ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}
