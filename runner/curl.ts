import type { HttpRequest } from './http.js';
import type { Redactor } from './redact.js';

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that repeats a request, with its secrets redacted (unless the run shows them). */
export function curlLine(request: HttpRequest, redactor: Redactor): string {
  const parts = ['curl', '-sS', '-i', '-X', request.method, quote(redactor.text(request.url))];
  for (const [name, value] of Object.entries(request.headers)) {
    let shown = redactor.text(value);
    if (redactor.enabled && /^(authorization|cookie)$/i.test(name)) {
      // Keep the scheme and cookie names: they are what a reader needs to repeat the call by hand.
      shown = /^authorization$/i.test(name)
        ? value.replace(/^(\S+\s+).*$/, '$1[redacted]')
        : value.replace(/=([^;]*)/g, '=[redacted]');
    }
    parts.push('-H', quote(`${name}: ${shown}`));
  }
  if (request.body !== undefined) parts.push('--data-raw', quote(redactor.text(request.body)));
  return parts.join(' ');
}
