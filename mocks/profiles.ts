import type { Hono } from 'hono';
import type { ProfileId } from '../schemas/load.js';
import type { ErrorSpec } from './core/mock-error.js';
import type { MockEnv, ProfileFactoryOptions } from './core/profile.js';
import type { QuirkDefinition } from './core/quirks.js';
import type { SettingsSchema } from './core/settings.js';
import { createDreadnodeMock, DREADNODE_SETTINGS } from './dreadnode/dreadnode.js';
import { DREADNODE_ERRORS } from './dreadnode/errors.js';
import { FLOLIVE_ERRORS } from './flolive/errors.js';
import { createFloliveMock, FLOLIVE_SETTINGS } from './flolive/flolive.js';
import { KIRJASWAPPI_ERRORS } from './kirjaswappi/errors.js';
import { createKirjaswappiMock, KIRJASWAPPI_SETTINGS } from './kirjaswappi/kirjaswappi.js';
import { KIRJASWAPPI_PRODUCTION_ORIGINS, KIRJASWAPPI_QUIRKS } from './kirjaswappi/quirks.js';
import { ORACLE_ERRORS } from './oracle-commerce/errors.js';
import { createOracleCommerceMock, ORACLE_SETTINGS } from './oracle-commerce/oracle-commerce.js';
import { VCF_ERRORS } from './vcf/errors.js';
import { createVcfMock, VCF_SETTINGS } from './vcf/vcf.js';

export interface ProfileModule {
  readonly create: (options: ProfileFactoryOptions) => Hono<MockEnv>;
  /** The profile's error catalogue: what `Prefer: error=<code>` and admin fault rules can name. */
  readonly errors: Readonly<Record<string, ErrorSpec>>;
  /** The profile's assumed behaviours and their defaults, overridable with `--set`. */
  readonly settings: SettingsSchema;
  /** The vendor's observed deviations the mock can reproduce on request (`--quirk <profile>.<id>`). */
  readonly quirks: readonly QuirkDefinition[];
  /**
   * A quirk that limits CORS to the vendor's own origins under the profile's paths, as the vendor's
   * framework does: other origins get its rejection instead of CORS headers (mocks/app.ts applies it).
   */
  readonly corsAllowList?: {
    readonly quirk: string;
    readonly prefix: string;
    readonly origins: readonly string[];
  };
}

/** Every profile the mock can mount, by its `--api` id. */
export const PROFILES: Readonly<Record<ProfileId, ProfileModule>> = {
  vcf: { create: createVcfMock, errors: VCF_ERRORS, settings: VCF_SETTINGS, quirks: [] },
  'oracle-commerce': {
    create: createOracleCommerceMock,
    errors: ORACLE_ERRORS,
    settings: ORACLE_SETTINGS,
    quirks: [],
  },
  dreadnode: {
    create: createDreadnodeMock,
    errors: DREADNODE_ERRORS,
    settings: DREADNODE_SETTINGS,
    quirks: [],
  },
  flolive: { create: createFloliveMock, errors: FLOLIVE_ERRORS, settings: FLOLIVE_SETTINGS, quirks: [] },
  kirjaswappi: {
    create: createKirjaswappiMock,
    errors: KIRJASWAPPI_ERRORS,
    settings: KIRJASWAPPI_SETTINGS,
    quirks: KIRJASWAPPI_QUIRKS,
    corsAllowList: {
      quirk: 'cors-allowlist',
      prefix: '/api/v1/authenticate',
      origins: KIRJASWAPPI_PRODUCTION_ORIGINS,
    },
  },
};
