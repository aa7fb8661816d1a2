import type { OperationContract } from '../../schemas/load.js';
import type { HttpRequest } from '../http.js';
import {
  bodyShape,
  contentMutations,
  objectMutations,
  stringBodyMutations,
  unexpectedBodyMutations,
} from './body-mutations.js';
import type { Mutation } from './mutation.js';
import { bearerMutations } from './token-mutations.js';

export { forgedJwt, type Mutation, type NegativeExpectation, ODD_STRINGS } from './mutation.js';
export { isAcceptance } from './verdict.js';

const QUERY_JUNK: Mutation = {
  id: 'query:junk',
  description: 'undocumented query parameters with odd characters',
  expect: 'survive',
  apply: (r) => ({ ...r, url: `${r.url}${r.url.includes('?') ? '&' : '?'}tokenrig=%00%C3%28&x[]=1&x[]=2` }),
};

/**
 * Every mutation that applies to an operation, given a valid request for it. Generated from the
 * operation's documented request schema, so only what the vendor documents is ever demanded. The
 * order is part of the seed's promise: a generated case picks its mutation by index.
 */
export function mutationsFor(operation: OperationContract, base: HttpRequest, forgeKey: Buffer): Mutation[] {
  // A GET or HEAD carries no content (RFC 9110 §9.3.1, §9.3.2), and fetch refuses to send one.
  const takesContent = operation.method !== 'GET' && operation.method !== 'HEAD';
  const shape = bodyShape(operation, base);
  return [
    ...contentMutations(operation, shape),
    ...objectMutations(shape, forgeKey),
    ...stringBodyMutations(operation, shape),
    ...unexpectedBodyMutations(operation, takesContent),
    QUERY_JUNK,
    ...bearerMutations(base, takesContent, forgeKey),
  ];
}
