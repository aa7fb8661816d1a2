import type { Exchange } from '../checks/check.js';
import type { Failure } from '../model.js';
import type { Step } from '../suite/types.js';
import { resolvePointer } from '../template.js';

/** What a step's `capture` took from the response, and a finding for each value it could not find. */
export interface Captured {
  readonly values: ReadonlyMap<string, unknown>;
  readonly missing: readonly Omit<Failure, 'step' | 'curl' | 'severity'>[];
}

/**
 * Reads each `capture` source from the response: `header:Name`, `cookie:name` (the last Set-Cookie of
 * that name wins) or a JSON pointer into the body.
 */
export function capture(step: Step, exchange: Exchange): Captured {
  const values = new Map<string, unknown>();
  const missing: Captured['missing'][number][] = [];
  for (const [name, source] of Object.entries(step.capture ?? {})) {
    const value = read(source, exchange);
    if (value === undefined) {
      missing.push({
        check: 'capture',
        title: 'Expected value missing from the response',
        message: `Cannot capture ${name} from ${source || '(body)'} (status ${exchange.response.status}); later steps need it`,
        path: source,
      });
    } else values.set(name, value);
  }
  return { values, missing };
}

function read(source: string, { response, json }: Exchange): unknown {
  if (source.startsWith('header:')) return response.headers.get(source.slice(7)) ?? undefined;
  if (source.startsWith('cookie:')) {
    const pattern = new RegExp(`^\\s*${source.slice(7).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=([^;]*)`);
    let value: string | undefined;
    for (const line of response.setCookies) {
      const match = pattern.exec(line);
      if (match) value = decodeURIComponent(match[1] ?? '');
    }
    return value;
  }
  if (!json.ok) return undefined;
  const at = resolvePointer(json.value, source);
  return at.found ? at.value : undefined;
}
