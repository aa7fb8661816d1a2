import type { OperationContract, ProfileContract, ValidateFunction } from '../../schemas/load.js';
import type { ErrorRoles } from './catalogue.js';
import type { MockContext } from './types.js';

/** The body type of an operation that takes none (`verify`, `logout`, a GET). */
export type NoBody = null;

/**
 * An operation's compiled contract as its handler receives it. An operation that takes a body gets its
 * request schema as a type guard for the body type the profile declares, so a checked body needs no cast.
 */
export type HandledOperation<Body> = [Body] extends [NoBody]
  ? OperationBase
  : OperationBase & { readonly validate: ValidateFunction<Body> };

interface OperationBase {
  readonly contract: OperationContract;
  /** The profile's answers to the mock's own problems (a malformed body, a wrong media type, …). */
  readonly errors: ErrorRoles;
}

export type OperationHandler<Body> = (
  c: MockContext,
  op: HandledOperation<Body>,
) => Response | Promise<Response>;

/** A profile's handlers, one per operation of its contract, each typed by the body it takes. */
export type OperationHandlers<Bodies> = { readonly [Id in keyof Bodies]: OperationHandler<Bodies[Id]> };

/** What the profile app builder needs of one operation: its contract, its handler, what it is handed. */
export interface BoundOperation {
  readonly contract: OperationContract;
  readonly handle: (c: MockContext) => Response | Promise<Response>;
}

/**
 * Pairs every operation of the contract with its handler, at start-up: an operation without a handler,
 * a handler without an operation, or a documented request body without a schema is an error here, never
 * a request answered unchecked. Validators still compile on first use (out of the mock's cold start); a
 * schema that does not compile is a ContractError then, and schemas/openapi.test.ts compiles every one.
 */
export function bindOperations<Bodies>(
  profile: string,
  contract: ProfileContract,
  handlers: OperationHandlers<Bodies>,
  errors: ErrorRoles,
): BoundOperation[] {
  // The keys of a handler table are its operation ids; Object.entries widens them to string.
  const table = handlers as Readonly<Record<string, OperationHandler<unknown>>>;
  for (const id of Object.keys(table)) {
    if (!contract.operations.has(id)) throw new Error(`${profile}: the contract has no operation ${id}`);
  }
  return [...contract.operations.values()].map((op) => {
    const handler = table[op.id];
    if (!handler) throw new Error(`${profile} has no handler for operation ${op.id}`);
    if (op.requestContentTypes.length > 0 && op.requestSchema === undefined) {
      throw new Error(`${profile}: the contract has no request schema for ${op.id}`);
    }
    const handed = handedOperation(op, errors);
    // `handed` is the HandledOperation of the body type the profile declared for this id: the schema in
    // schemas/<profile>/openapi.json is what that type describes (the handlers' tests hold them together).
    const typed = handed as HandledOperation<unknown>;
    return { contract: op, handle: (c: MockContext) => handler(c, typed) };
  });
}

function handedOperation(
  op: OperationContract,
  errors: ErrorRoles,
): OperationBase & { validate?: ValidateFunction } {
  if (op.requestSchema === undefined) return { contract: op, errors };
  return {
    contract: op,
    errors,
    // A getter: the contract compiles the validator on its first use, and keeps it.
    get validate(): ValidateFunction {
      const validate = op.validateRequest;
      if (!validate) throw new Error(`${op.profile}: no request validator for ${op.id}`);
      return validate;
    },
  };
}
