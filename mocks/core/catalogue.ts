import { STATUS_CODES } from 'node:http';
import type { ErrorSpec } from './mock-error.js';

/** The errors every profile answers the mock's own problems with, each in the vendor's envelope. */
export interface ErrorRoles {
  /** Syntactically broken JSON (or form data). */
  readonly malformed: ErrorSpec;
  /** A body sent with a media type the operation does not take. */
  readonly mediaType: ErrorSpec;
  /** Over the mock's body size limit. */
  readonly tooLarge: ErrorSpec;
  /** Well-formed, but missing or mistyped fields (schema violations); also a request Node refused. */
  readonly invalid: ErrorSpec;
  /** A `Prefer`/`__` directive the mock cannot honour: the client's usage error, told in the envelope. */
  readonly directive: ErrorSpec;
  readonly notFound: ErrorSpec;
  readonly methodNotAllowed: ErrorSpec;
  /** Rendered when a handler fails unexpectedly: a bug in the mock still answers in the envelope. */
  readonly internal: ErrorSpec;
}

/** The catalogue entry each role is taken from unless a profile names another. */
export const ROLE_KEYS = {
  malformed: 'MALFORMED_JSON',
  mediaType: 'UNSUPPORTED_MEDIA_TYPE',
  tooLarge: 'PAYLOAD_TOO_LARGE',
  invalid: 'INVALID_REQUEST',
  directive: 'DIRECTIVE',
  notFound: 'NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  internal: 'INTERNAL',
} as const satisfies Record<keyof ErrorRoles, string>;

export type Catalogue = Readonly<Record<string, ErrorSpec>>;

/**
 * The roles a profile must name itself: those whose usual entry its catalogue lacks (required), and any
 * other it answers differently (optional). A catalogue with every usual entry needs none.
 */
export type RoleOverrides<C extends Catalogue> = {
  readonly [R in keyof ErrorRoles as (typeof ROLE_KEYS)[R] extends keyof C ? never : R]: ErrorSpec;
} & Partial<ErrorRoles>;

/** Each role's entry: the profile's override, else its catalogue's usual entry (a start-up error if none). */
export function resolveRoles(
  profile: string,
  catalogue: Catalogue,
  overrides: Partial<ErrorRoles>,
): ErrorRoles {
  const roles: Partial<Record<keyof ErrorRoles, ErrorSpec>> = {};
  for (const [role, key] of Object.entries(ROLE_KEYS) as [keyof ErrorRoles, string][]) {
    const spec = overrides[role] ?? catalogue[key];
    if (!spec) throw new Error(`${profile}: no error for ${role}; add ${key} to its catalogue or name one`);
    roles[role] = spec;
  }
  // Every key of ROLE_KEYS has just been filled, or the loop has thrown.
  return roles as ErrorRoles;
}

/** The reason phrase for a status, for generic catalogue entries. */
export function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
