import type { Forced } from './directives.js';
import type { PresentedCredential } from './types.js';

/**
 * One request as the admin API reports it (after redacting its headers); schemas/journal.schema.json
 * documents it for clients.
 */
export interface JournalEntry {
  readonly id: number;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly durationMs: number;
  readonly profile?: string;
  readonly operation?: string;
  /** As received: redact before showing (mocks/core/redact.ts). */
  readonly requestHeaders: Readonly<Record<string, string | string[] | undefined>>;
  readonly fault?: string;
  /** Present when a directive or a fault rule decided the answer, not the mock's own logic. */
  readonly forced?: Forced;
  /** The session (token family) the request touched, where the profile found or opened one. */
  readonly session?: string;
}

/**
 * One request as it is recorded: its time as the clock's milliseconds and every member present
 * (undefined where the request has none), so that every record has the same shape and costs no more
 * than its allocation. The entry the admin API shows is made from it when read: most are never read.
 */
export interface JournalRecord
  extends Omit<JournalEntry, 'time' | 'profile' | 'operation' | 'fault' | 'forced' | 'session'> {
  /** Milliseconds since the epoch, by the mock's clock. */
  readonly at: number;
  readonly profile: string | undefined;
  readonly operation: string | undefined;
  readonly fault: string | undefined;
  readonly forced: Forced | undefined;
  readonly session: string | undefined;
  /** The token the request presented, as the profile found it; for the client findings, never shown. */
  readonly credential: PresentedCredential | undefined;
  /** Seconds the access token issued by this answer lives. */
  readonly expiresIn: number | undefined;
  /** The answer's Retry-After header, read on a 429 only. */
  readonly retryAfter: string | undefined;
}

/** Told of each request as it is recorded, and when the journal is cleared or closed. */
export interface JournalListener {
  record(entry: JournalEntry): void;
  /** The journal was emptied (an admin reset): ids start again at 1. */
  clear(): void;
  /** The mock is stopping: nothing more will be recorded. */
  end(): void;
}

/**
 * The most recent requests in a fixed-size ring: a mock left running under a load test keeps the
 * same memory after a million requests as after a thousand (WireMock's unbounded journal does not).
 */
export class Journal {
  readonly #slots: (JournalRecord | undefined)[];
  #next = 0;
  #total = 0;
  /** Undefined while nobody listens, so recording a request checks one field and makes no entry. */
  #listeners: Set<JournalListener> | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('journal capacity must be >= 0');
    this.#slots = new Array(capacity);
  }

  /** Requests recorded since start (or the last clear), including those overwritten. */
  get total(): number {
    return this.#total;
  }

  nextId(): number {
    return this.#total + 1;
  }

  record(entry: JournalRecord): void {
    this.#total++;
    if (this.#listeners !== undefined) for (const l of this.#listeners) l.record(shown(entry));
    if (this.capacity === 0) return;
    this.#slots[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Newest first. */
  entries(limit = this.capacity): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 1; i <= this.capacity && out.length < limit; i++) {
      const entry = this.#slots[(this.#next - i + this.capacity) % this.capacity];
      if (entry) out.push(shown(entry));
    }
    return out;
  }

  /** The records held, oldest first, as recorded: what the client findings read (mocks/findings/). */
  records(): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const record = this.#slots[(this.#next + i) % this.capacity];
      if (record) out.push(record);
    }
    return out;
  }

  clear(): void {
    this.#slots.fill(undefined);
    this.#next = 0;
    this.#total = 0;
    if (this.#listeners !== undefined) for (const l of this.#listeners) l.clear();
  }

  /** Listens until the returned function is called (a live feed: `/__admin/requests/stream`). */
  subscribe(listener: JournalListener): () => void {
    this.#listeners ??= new Set();
    this.#listeners.add(listener);
    return () => {
      this.#listeners?.delete(listener);
      if (this.#listeners?.size === 0) this.#listeners = undefined;
    };
  }

  get listeners(): number {
    return this.#listeners?.size ?? 0;
  }

  /** Tells every listener the mock is stopping, and forgets them. */
  endSubscriptions(): void {
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners !== undefined) for (const l of listeners) l.end();
  }
}

/** The entry the admin API shows for a record: the ISO time, and no member the request did not have. */
function shown(r: JournalRecord): JournalEntry {
  const {
    id,
    at,
    method,
    path,
    query,
    status,
    durationMs,
    profile,
    operation,
    fault,
    forced,
    session,
    requestHeaders,
  } = r;
  return {
    id,
    time: new Date(at).toISOString(),
    method,
    path,
    query,
    status,
    durationMs,
    ...(profile ? { profile, operation } : {}),
    ...(fault ? { fault } : {}),
    ...(forced ? { forced } : {}),
    ...(session ? { session } : {}),
    requestHeaders,
  };
}
