import { isDocumentedStatus, type OperationContract } from '../../schemas/load.js';
import type { Catalogue } from './catalogue.js';
import type { ErrorSpec } from './mock-error.js';

/**
 * What a fault may name for one profile, and why a name is refused: the one check behind both a
 * request's `Prefer: error=…, code=…` (mocks/core/resolve-directives.ts) and an admin fault rule
 * (mocks/admin/faults.ts), so the two can never disagree.
 */
export class FaultTargets {
  readonly #byCode = new Map<string, ErrorSpec[]>();
  readonly #catalogue: readonly ErrorSpec[];

  constructor(
    readonly profile: string,
    catalogue: Catalogue,
    /** The vendor's error for a status nobody catalogued (reachable only through `Prefer: code`). */
    private readonly generic: (status: number) => ErrorSpec,
  ) {
    // A catalogue may list one entry under two names (a role and the vendor's own): counted once.
    this.#catalogue = [...new Set(Object.values(catalogue))];
    for (const spec of this.#catalogue)
      this.#byCode.set(spec.code, [...(this.#byCode.get(spec.code) ?? []), spec]);
  }

  /** Why the profile cannot answer with this vendor error code, or undefined when it can. */
  unknownError(code: string): string | undefined {
    if (this.#byCode.has(code)) return undefined;
    return `${this.profile} has no error code ${code}; known: ${[...this.#byCode.keys()].join(', ')}`;
  }

  /** Why the operation cannot answer with this status, or undefined when its contract documents it. */
  undocumentedStatus(op: OperationContract, status: number): string | undefined {
    if (isDocumentedStatus(op, status)) return undefined;
    const documented = op.responses.map((r) => r.status).join(', ');
    return `status ${status} is not documented for ${this.profile} ${op.id} (documented: ${documented})`;
  }

  /** The entry for a code, the one that belongs to the operation first; check `unknownError` before. */
  errorByCode(code: string, operation: string): ErrorSpec | undefined {
    const candidates = this.#byCode.get(code);
    return candidates?.find((s) => s.operations?.includes(operation)) ?? candidates?.[0];
  }

  /** The entry an operation answers a status with: its own, else the profile-wide one, else generic. */
  errorForStatus(operation: string, status: number): ErrorSpec {
    const all = this.#catalogue.filter((s) => s.status === status);
    return (
      all.find((s) => s.operations?.includes(operation)) ??
      all.find((s) => !s.operations) ??
      this.generic(status)
    );
  }
}
