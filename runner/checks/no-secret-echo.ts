import type { Check } from './check.js';

/** Short values (a password like "demo") occur by chance; echoing them proves nothing. */
const MIN_SECRET_LENGTH = 8;

function isErrorResponse(status: number, json: unknown): boolean {
  if (status >= 400) return true;
  // floLIVE answers failures (NAKs) with a non-empty errorCode, whatever the HTTP status.
  return typeof json === 'object' &&
    json !== null &&
    typeof (json as { errorCode?: unknown }).errorCode === 'string'
    ? (json as { errorCode: string }).errorCode !== ''
    : false;
}

/** An error must not repeat the credential it rejects: error bodies end up in logs. */
export const noSecretEcho: Check = {
  name: 'no_secret_echo',
  run: ({ response, json }, { sentSecrets }) => {
    if (!isErrorResponse(response.status, json.ok ? json.value : undefined)) return [];
    const echoed = sentSecrets.filter((s) => s.length >= MIN_SECRET_LENGTH && response.text.includes(s));
    return echoed.length === 0
      ? []
      : [
          {
            title: 'Error response echoes a submitted secret',
            message: `Received: an error body containing ${echoed.length} submitted token(s) or password(s) / Expected: none echoed`,
          },
        ];
  },
};
