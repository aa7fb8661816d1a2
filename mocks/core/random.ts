import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Faker, LocaleDefinition } from '@faker-js/faker';

// faker is loaded on first use, synchronously (require of an ES module, Node >= 20.19): its English
// definitions are the largest module the mock loads, and most runs of the mock never draw from them
// before their first answer, or at all.
const require = createRequire(import.meta.url);
let englishFaker: Faker | undefined;
function loadEnglishFaker(): Faker {
  // The module's own type, for the value require() cannot type.
  englishFaker ??= (require('@faker-js/faker/locale/en') as typeof import('@faker-js/faker/locale/en')).faker;
  return englishFaker;
}

/**
 * The mock's single source of generated values. Everything random (ids, jti, user codes, error
 * reference tokens, fault probabilities) comes from one seeded faker, so `--seed` replays a run.
 */
export interface Random {
  readonly seed: number;
  readonly faker: Faker;
  uuid(): string;
  /** A float in [0, 1). */
  float(): number;
  /** Back to the first value of the seed, as at start-up: a seeded mock replays itself after a reset. */
  reset(): void;
}

/**
 * A faker of our own (seeded independently of any other) with the English definitions. Built from the
 * `locale/en` entry point: the package's main entry loads every locale, which was a quarter of the
 * mock's cold start (122 ms against 16 ms).
 */
export function createFaker(seed: number | number[]): Faker {
  const englishFaker = loadEnglishFaker();
  // The entry point exports only its instance; its class makes independent instances.
  const FakerClass = englishFaker.constructor as new (options: { locale: LocaleDefinition[] }) => Faker;
  const faker = new FakerClass({ locale: [englishFaker.rawDefinitions] });
  faker.seed(seed);
  return faker;
}

/**
 * @param stream which of the seed's streams to draw from: 0, the seed's own, unless several processes
 *   share one mock (and its seed) through a store, where each draws its own so their ids never collide.
 */
export function createRandom(seed: number = randomInt(0, 2 ** 31 - 1), stream = 0): Random {
  const seeds = stream === 0 ? seed : [seed, stream];
  const uuidSeed = stream === 0 ? seed : (seed ^ Math.imul(stream, 0x9e3779b1)) >>> 0;
  // Made on first use (see loadEnglishFaker); seeded the same whenever that is.
  let faker: Faker | undefined;
  const lazy = (): Faker => {
    faker ??= createFaker(seeds);
    return faker;
  };
  let nextUuid = seededUuid(uuidSeed);
  return {
    seed,
    get faker() {
      return lazy();
    },
    // A stable function over a replaceable generator: holders of `random.uuid` (the user directory)
    // follow a reset.
    uuid: () => nextUuid(),
    float: () => lazy().number.float({ min: 0, max: 1, fractionDigits: 6 }) % 1,
    reset() {
      nextUuid = seededUuid(uuidSeed);
      // Reseeding the loaded one costs what creating it does, and it may never be needed again.
      faker = undefined;
    },
  };
}

/**
 * Floats in [0, 1) from their own seeded sfc32 stream, named by `stream`: a scenario's share of
 * refreshes replays the same sequence of outcomes for a seed, whatever else the mock drew meanwhile.
 */
export function seededFloats(seed: number, stream: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193);
  const next = sfc32(seed ^ h);
  return () => next() / 2 ** 32;
}

/** sfc32 (Chris Doty-Humphrey's small fast counter), warmed up; 32-bit unsigned integers. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Version-4-shaped UUIDs from a seeded sfc32 generator. Every login and refresh draws at least one (the
 * token's jti, VMware's refresh-token id), and faker's UUID was the largest single cost of issuing a
 * token; this one is reproducible from the seed just the same.
 */
export function seededUuid(seed: number): () => string {
  const next = sfc32(seed);
  const bytes = new Uint8Array(16);
  return () => {
    for (let i = 0; i < 16; i += 4) {
      const n = next();
      bytes[i] = n & 0xff;
      bytes[i + 1] = (n >>> 8) & 0xff;
      bytes[i + 2] = (n >>> 16) & 0xff;
      bytes[i + 3] = n >>> 24;
    }
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const h = (i: number) => HEX[bytes[i] ?? 0];
    return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
  };
}
