import { Hono } from 'hono';
import { clientReport } from '../findings/report.js';
import type { MockControl } from './control.js';

/**
 * `/__admin/client-report`: what the client did wrong with its tokens, by the rules of
 * mocks/findings/rules.ts over the journal. Built when asked for; no token appears in it (the evidence
 * names journal ids, which `/__admin/requests` shows redacted).
 */
export function clientReportResource({ journal, services, clientRules }: MockControl): Hono {
  return new Hono().get('/', (c) => c.json(clientReport(journal, services.clock.now(), clientRules)));
}
