/**
 * A kind of secret a curl line can send, the shell variable that stands for it, and where a reader gets
 * a value to export. Tokens rotate and expire: the one a run sent may be spent by the time anyone
 * replays the line, so the way to a fresh one comes first.
 */
export interface CurlSecretKind {
  readonly name: string;
  readonly kind: string;
  /** Matches the key, cookie, field or header the secret is the value of. */
  readonly label: RegExp;
  readonly obtain: string;
}

const FRESH =
  "log in as the case's suite does (its bootstrap login; a step that failed prints that request as its own curl line, and `tokenrig run --show-secrets` prints every secret as sent)";

/** Every kind, most specific first: the first whose label matches names the variable. */
export const CURL_SECRET_KINDS: readonly CurlSecretKind[] = [
  {
    name: 'TOKENRIG_PASSWORD',
    kind: 'password',
    label: /pass(word)?\b|passwd|pwd/i,
    obtain:
      "the password of the account the run logged in with (--password; the built-in mock's user is demo/demo)",
  },
  {
    name: 'TOKENRIG_REFRESH_TOKEN',
    kind: 'refresh token',
    label: /refresh/i,
    obtain: `a refresh token of the account: ${FRESH}, and take the refresh token from the answer`,
  },
  {
    name: 'TOKENRIG_ID_TOKEN',
    kind: 'ID token',
    label: /id_?token/i,
    obtain: `an ID token of the account: ${FRESH}, and take the ID token from the answer`,
  },
  {
    name: 'TOKENRIG_DEVICE_CODE',
    kind: 'device code',
    label: /device_?code/i,
    obtain:
      "the device_code of a device-authorization request: send the case's first step (the device-code request) and take device_code from the answer",
  },
  {
    name: 'TOKENRIG_USER_CODE',
    kind: 'user code',
    label: /user_?code/i,
    obtain: 'the user_code of the same device-authorization answer',
  },
  {
    name: 'TOKENRIG_API_KEY',
    kind: 'API key',
    label: /api_?key/i,
    obtain: 'the API key the run was given (--var or --header), or the one the login answer carries',
  },
  {
    name: 'TOKENRIG_BASIC_CREDENTIALS',
    kind: 'Basic credentials',
    label: /authorization basic/i,
    obtain:
      'base64 of "client:secret" as the run sent it: printf %s "$CLIENT:$SECRET" | base64; or rerun with --show-secrets',
  },
  {
    name: 'TOKENRIG_ACCESS_TOKEN',
    kind: 'access token',
    label: /access|bearer|jwt|token|authorization/i,
    obtain: `an access token of the account: ${FRESH}, and take the access token from the answer`,
  },
  {
    name: 'TOKENRIG_COOKIE',
    kind: 'cookie value',
    label: /cookie/i,
    obtain:
      'the value the server set in that cookie (Set-Cookie of the login answer), or rerun with --show-secrets',
  },
  {
    name: 'TOKENRIG_SECRET',
    kind: 'secret',
    label: /(?:)/,
    obtain: 'a value the run kept secret (a captured value or a --var): rerun with --show-secrets to see it',
  },
];

/** The kind whose label matches; the last (any secret) matches everything. */
export function kindOf(label: string): CurlSecretKind {
  // The table ends with a kind matching every label.
  return CURL_SECRET_KINDS.find((k) => k.label.test(label)) as CurlSecretKind;
}
