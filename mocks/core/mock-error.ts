import type { Provenance } from '../../schemas/load.js';

/** One entry of a profile's error catalogue: the vendor's code, the HTTP status and the message. */
export interface ErrorSpec {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** Which operations this error belongs to; absent means any operation of the profile. */
  readonly operations?: readonly string[];
  /** Where the entry comes from: the vendor's page, or the mock's assumption. */
  readonly provenance: Provenance;
}

/** A field-level problem, in the shape of FastAPI/Pydantic validation details (loc, msg, type). */
export interface ErrorDetail {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

export interface MockErrorExtra {
  /** Overrides the catalogue status (e.g. floLIVE's NAK status is configurable). */
  status?: number;
  /** Overrides the catalogue message with something more specific to this request. */
  message?: string;
  details?: readonly ErrorDetail[];
  /** The field the error is about, where the envelope has a place for it. */
  target?: string;
  headers?: Record<string, string>;
}

/**
 * The one exception type profile handlers throw. Each profile's `app.onError` renders it in the
 * vendor's own envelope, so a handler never builds an error body by hand.
 */
export class MockError extends Error {
  readonly spec: ErrorSpec;
  readonly extra: MockErrorExtra;

  constructor(spec: ErrorSpec, extra: MockErrorExtra = {}) {
    super(extra.message ?? spec.message);
    this.name = 'MockError';
    this.spec = spec;
    this.extra = extra;
  }

  get status(): number {
    return this.extra.status ?? this.spec.status;
  }
}
