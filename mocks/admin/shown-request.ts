import type { JournalEntry } from '../core/journal.js';
import { redactHeaders } from '../core/redact.js';

/**
 * A journal entry as the admin API shows it, in its list (`GET /__admin/requests`) and its live feed
 * (`/__admin/requests/stream`) alike: credentials in the headers redacted unless asked for.
 */
export function shownRequest(entry: JournalEntry, showSecrets: boolean): JournalEntry {
  return { ...entry, requestHeaders: redactHeaders(entry.requestHeaders, showSecrets) };
}
