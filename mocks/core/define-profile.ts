import type { ProfileContract, ProfileId } from '../../schemas/load.js';
import { type Catalogue, type ErrorRoles, type RoleOverrides, resolveRoles } from './catalogue.js';
import { FaultTargets } from './fault-targets.js';
import type { ErrorSpec } from './mock-error.js';
import { bindOperations, type OperationHandlers } from './operation.js';
import { createProfileApp, type ExtraRoute, type MountedProfile } from './profile.js';
import type { QuirkDefinition } from './quirks.js';
import type { Envelope } from './render-error.js';
import { resolveSettings, type SettingsSchema } from './settings.js';
import { BARE_FRAME, type MockContext, type MockServices, type RequestFrame } from './types.js';

/** What a profile builds at start-up from its resolved settings: what is its own, and only that. */
export type ProfileParts<Bodies, C extends Catalogue> = {
  /** The errors it answers with (floLIVE's statuses come from settings, so this is built, not static). */
  readonly catalogue: C;
  /** The vendor's error for a status nobody catalogued (reachable only through `Prefer: code`). */
  generic(status: number): ErrorSpec;
  readonly envelope: Envelope;
  readonly handlers: OperationHandlers<Bodies>;
  readonly extraRoutes?: readonly ExtraRoute[];
  readonly before?: (c: MockContext) => Response | undefined;
  /** Forgets what the profile keeps outside the shared services (pending device logins): a mock reset. */
  readonly reset?: () => void;
} & (Record<never, never> extends RoleOverrides<C>
  ? { readonly roles?: RoleOverrides<C> }
  : { readonly roles: RoleOverrides<C> });

export interface BuildContext<S> {
  readonly services: MockServices;
  readonly contract: ProfileContract;
  /** The profile's settings with the `--set` overrides applied. */
  readonly config: S;
}

/** A profile as it declares itself: `Bodies` maps each operation id to the body it takes (or NoBody). */
export interface ProfileDeclaration<Bodies, S extends SettingsSchema, C extends Catalogue> {
  readonly id: ProfileId;
  readonly prefix: string;
  /** The profile's assumed behaviours and their defaults, overridable with `--set`. */
  readonly settings: S;
  /** The vendor's observed deviations the mock can reproduce on request (`--quirk <profile>.<id>`). */
  readonly quirks?: readonly QuirkDefinition[];
  readonly corsAllowList?: CorsAllowList;
  build(context: BuildContext<S>): ProfileParts<Bodies, C>;
}

/**
 * A quirk that limits CORS to the vendor's own origins under the profile's paths, as the vendor's
 * framework does: other origins get its rejection instead of CORS headers (mocks/app.ts applies it).
 */
export interface CorsAllowList {
  readonly quirk: string;
  readonly prefix: string;
  readonly origins: readonly string[];
}

/** What every profile factory takes. */
export interface ProfileFactoryOptions {
  services: MockServices;
  contract: ProfileContract;
  /** `--set` overrides, keyed `<profile>.<setting>`; each profile picks its own. */
  settings?: Readonly<Record<string, string>>;
  /** What wraps each request (mocks/app.ts's journal and CORS); nothing by default. */
  frame?: RequestFrame;
}

/** A profile as the mock mounts it (mocks/profiles.ts lists them). */
export interface ProfileModule {
  readonly id: ProfileId;
  readonly settings: SettingsSchema;
  readonly quirks: readonly QuirkDefinition[];
  readonly corsAllowList?: CorsAllowList;
  create(options: ProfileFactoryOptions): MountedProfile;
}

/**
 * The shared definition behind every profile: settings resolved, handlers bound to their operations
 * (checked at start-up), error roles taken from the catalogue, fault targets, routes and envelope.
 *
 * @example export const VCF = defineProfile<VcfBodies, typeof VCF_SETTINGS, typeof VCF_ERRORS>({ id: 'vcf', … })
 */
export function defineProfile<Bodies, S extends SettingsSchema, C extends Catalogue>(
  declaration: ProfileDeclaration<Bodies, S, C>,
): ProfileModule {
  const { id, prefix } = declaration;
  return {
    id,
    settings: declaration.settings,
    quirks: declaration.quirks ?? [],
    ...(declaration.corsAllowList ? { corsAllowList: declaration.corsAllowList } : {}),
    create({ services, contract, settings = {}, frame = BARE_FRAME }) {
      // Live: the active scenarios may change a lifetime at run time (mocks/scenarios/scenarios.ts).
      const config = services.scenarios.live(id, resolveSettings(id, declaration.settings, settings));
      const parts = declaration.build({ services, contract, config });
      const overrides: Partial<ErrorRoles> = parts.roles ?? {};
      const roles = resolveRoles(id, parts.catalogue, overrides);
      return createProfileApp(
        {
          id,
          prefix,
          roles,
          targets: new FaultTargets(id, parts.catalogue, parts.generic),
          envelope: parts.envelope,
          operations: bindOperations(id, contract, parts.handlers, roles),
          extraRoutes: parts.extraRoutes ?? [],
          ...(parts.before ? { before: parts.before } : {}),
          ...(parts.reset ? { reset: parts.reset } : {}),
        },
        services,
        frame,
      );
    },
  };
}
