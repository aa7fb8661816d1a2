/** One request as the admin API reports it (after redacting its headers). */
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
}

/**
 * The most recent requests in a fixed-size ring: a mock left running under a load test keeps the
 * same memory after a million requests as after a thousand (WireMock's unbounded journal does not).
 */
export class Journal {
  readonly #slots: (JournalEntry | undefined)[];
  #next = 0;
  #total = 0;

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

  record(entry: JournalEntry): void {
    this.#total++;
    if (this.capacity === 0) return;
    this.#slots[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Newest first. */
  entries(limit = this.capacity): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 1; i <= this.capacity && out.length < limit; i++) {
      const entry = this.#slots[(this.#next - i + this.capacity) % this.capacity];
      if (entry) out.push(entry);
    }
    return out;
  }

  clear(): void {
    this.#slots.fill(undefined);
    this.#next = 0;
    this.#total = 0;
  }
}
