/** A schema or document that cannot be loaded or compiled: a harness error, never "valid". */
export class ContractError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractError';
  }
}
