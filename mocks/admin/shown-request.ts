import type { JournalEntry } from '../core/journal.js';
import { redactEntry } from '../core/redact.js';

/**
 * A journal entry as the admin API shows it, in its list (`GET /__admin/requests`), its live feed
 * (`/__admin/requests/stream`) and `POST /__admin/verify` alike: credentials in the headers and the
 * query redacted unless asked for.
 */
export function shownRequest(entry: JournalEntry, showSecrets: boolean): JournalEntry {
  return redactEntry(entry, showSecrets);
}
