import type { JournalRecord } from '../core/journal.js';
import { CLIENT_PROFILES, type ClientProfile, type OperationRole } from './roles.js';

/** One request as the rules read it: the journal's record, with its role and when it started. */
export interface ClientRequest {
  readonly record: JournalRecord;
  readonly role: OperationRole;
  /** Milliseconds by the mock's clock: the record's time is when the answer was sent. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** A refresh: the refresh operation, or a request the profile refreshed through (Dreadnode's cookies). */
  readonly refresh: boolean;
}

/** What every rule reads: the journal's requests oldest first, and the same requests by token family. */
export interface ClientHistory {
  readonly requests: readonly ClientRequest[];
  /** Requests that touched a session, by session (token family) id, oldest first. */
  readonly families: ReadonlyMap<string, readonly ClientRequest[]>;
  profile(id: string | undefined): ClientProfile | undefined;
}

/** The thresholds the rules take (`tokenrig mock` flags); each has a default a user can see in --help. */
export interface ClientRuleOptions {
  /** Early refreshes of one family within a minute that make a refresh storm. */
  readonly stormRefreshes: number;
  /** Logins to one profile within a minute, none logged out, that read as a login per request. */
  readonly loginsPerMinute: number;
  /** How long after a refresh's answer a second one with the same token still counts as concurrent. */
  readonly concurrentWindowMs: number;
}

export const DEFAULT_CLIENT_RULE_OPTIONS: ClientRuleOptions = {
  stormRefreshes: 3,
  loginsPerMinute: 3,
  concurrentWindowMs: 1000,
};

const PROFILES: ReadonlyMap<string, ClientProfile> = new Map(Object.entries(CLIENT_PROFILES));

/** The history of the given records (oldest first), read once per report. */
export function clientHistory(records: readonly JournalRecord[]): ClientHistory {
  const requests: ClientRequest[] = [];
  const families = new Map<string, ClientRequest[]>();
  for (const record of records) {
    const profile = record.profile === undefined ? undefined : PROFILES.get(record.profile);
    const role = (record.operation !== undefined && profile?.roles[record.operation]) || 'other';
    const refresh = role === 'refresh' || (role === 'use' && record.credential?.kind === 'refresh');
    const request: ClientRequest = {
      record,
      role,
      startedAt: record.at - record.durationMs,
      endedAt: record.at,
      refresh,
    };
    requests.push(request);
    if (record.session !== undefined) {
      const family = families.get(record.session);
      if (family) family.push(request);
      else families.set(record.session, [request]);
    }
  }
  return { requests, families, profile: (id) => (id === undefined ? undefined : PROFILES.get(id)) };
}

/** A rejection that says the token is dead: a 4xx other than "too early" or "too many" (408, 425, 429). */
export function rejected(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429;
}

export function succeeded(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Refresh requests grouped by the token they presented, each group oldest first. */
export function byPresentedToken(requests: readonly ClientRequest[]): Map<string, ClientRequest[]> {
  const out = new Map<string, ClientRequest[]>();
  for (const r of requests) {
    const token = r.refresh ? r.record.credential?.token : undefined;
    if (token === undefined) continue;
    const group = out.get(token);
    if (group) group.push(r);
    else out.set(token, [r]);
  }
  return out;
}
