export interface User {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  readonly createdAt: number;
}

/** The accounts every profile logs in against; one directory, so deleting a user affects all five. */
export class UserDirectory {
  readonly #users = new Map<string, User>();
  readonly #initial: readonly { username: string; password: string }[];
  readonly #newId: () => string;
  readonly #now: () => number;

  constructor(
    initial: readonly { username: string; password: string }[],
    newId: () => string,
    now: () => number,
  ) {
    this.#initial = initial;
    this.#newId = newId;
    this.#now = now;
    this.reset();
  }

  add(username: string, password: string): User {
    const user = { id: this.#newId(), username, password, createdAt: this.#now() };
    this.#users.set(username, user);
    return user;
  }

  get(username: string): User | undefined {
    return this.#users.get(username);
  }

  delete(username: string): boolean {
    return this.#users.delete(username);
  }

  list(): User[] {
    return [...this.#users.values()];
  }

  /** The first configured user: who approves device codes automatically. */
  first(): User | undefined {
    return this.#users.values().next().value;
  }

  /** Exactly these users, ids and all: another process's directory, from the shared store. */
  restore(users: readonly User[]): void {
    this.#users.clear();
    for (const user of users) this.#users.set(user.username, { ...user });
  }

  reset(): void {
    this.#users.clear();
    for (const { username, password } of this.#initial) this.add(username, password);
  }
}

/** Parses `name:password` as given to `--user`; the password may itself contain colons. */
export function parseUserSpec(spec: string): { username: string; password: string } {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw new TypeError(`--user expects name:password, got ${JSON.stringify(spec)}`);
  }
  return { username: spec.slice(0, colon), password: spec.slice(colon + 1) };
}
