import { type Exchange, parseJson } from '../../runner/checks/check.js';
import type { OperationContract } from '../../schemas/load.js';

export interface ExchangeInput {
  readonly status: number;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly setCookies?: readonly string[];
  readonly operation?: OperationContract;
}

/** One request and its response as the checks see them, built in memory for a check's unit test. */
export function exchange({
  status,
  text = '',
  headers = {},
  setCookies = [],
  operation,
}: ExchangeInput): Exchange {
  return {
    ...(operation ? { operation } : {}),
    request: {
      method: operation?.method ?? 'POST',
      url: `http://127.0.0.1${operation?.path ?? '/'}`,
      headers: {},
    },
    response: { status, headers: new Headers(headers), text, setCookies, bytes: Buffer.byteLength(text) },
    json: parseJson(text),
  };
}

/** VMware's refresh operation as the checks see it, with the responses a test needs it to document. */
export function vcfRefresh(
  responses: OperationContract['responses'],
  overrides: Partial<OperationContract> = {},
): OperationContract {
  return {
    profile: 'vcf',
    id: 'refresh',
    method: 'PATCH',
    path: '/v1/tokens/access-token/refresh',
    requestContentTypes: ['application/json'],
    requestRequired: true,
    responses,
    ...overrides,
  };
}
