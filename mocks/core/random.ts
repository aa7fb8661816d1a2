import { randomInt } from 'node:crypto';
import { base, en, Faker } from '@faker-js/faker';

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
}

export function createRandom(seed: number = randomInt(0, 2 ** 31 - 1)): Random {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  return {
    seed,
    faker,
    uuid: () => faker.string.uuid(),
    float: () => faker.number.float({ min: 0, max: 1, fractionDigits: 6 }) % 1,
  };
}
