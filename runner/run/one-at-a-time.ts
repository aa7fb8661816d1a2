/**
 * Runs one piece of work at a time, in the order asked: a person approves one device code at a time,
 * and a second code shown while the first waits is one they may approve in the wrong place.
 */
export class OneAtATime {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(work, work);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
