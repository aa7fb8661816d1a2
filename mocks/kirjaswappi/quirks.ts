import type { QuirkDefinition } from '../core/quirks.js';

const BACKEND = 'KirjaSwappi/kirjaswappi-backend';
const COMMON = 'src/main/java/com/kirjaswappi/backend/common';

/**
 * The origins the vendor's production server lets browsers call it from: the default of
 * `cors.allowed-origins` in CloudSecurityConfig. The `cors-allowlist` quirk limits CORS to these.
 */
export const KIRJASWAPPI_PRODUCTION_ORIGINS: readonly string[] = [
  'https://kirjaswappi.fi',
  'https://www.kirjaswappi.fi',
  'https://canary.kirjaswappi.fi',
];

/**
 * What KirjaSwappi's own Spring backend does where its API reference says otherwise, or where it breaks
 * a rule every server is held to. The mock reproduces each only on request
 * (`--quirk kirjaswappi.<id>`); docs/profiles/kirjaswappi.md explains them.
 */
export const KIRJASWAPPI_QUIRKS: readonly QuirkDefinition[] = [
  {
    id: 'malformed-token-500',
    summary:
      "refresh with a garbage, tampered, wrongly signed or expired refresh token answers 500 with Spring's default error body",
    breaks:
      'RFC 9110 §15.6 (a client error never gets a 5xx) and the documented error envelope {error: {code, message, target, details}}',
    evidence: [
      {
        repository: BACKEND,
        file: `${COMMON}/service/AuthService.java`,
        what: 'verifyRefreshToken parses the token (jwtUtil.extractUsername) before any check of its own',
      },
      {
        repository: BACKEND,
        file: `${COMMON}/utils/JwtUtil.java`,
        what: "extractAllClaims calls jjwt's parseSignedClaims, which throws MalformedJwtException, SignatureException or ExpiredJwtException",
      },
      {
        repository: BACKEND,
        file: `${COMMON}/http/GlobalExceptionHandler.java`,
        what: "no handler for jjwt's JwtException, so Spring Boot's default answer goes out: 500 {timestamp, status, error, path}",
      },
      {
        repository: BACKEND,
        file: 'src/main/resources/application-cloud.yaml',
        what: 'server.error.include-message and include-stacktrace are never: the default body is only timestamp, status, error and path',
      },
    ],
  },
  {
    id: 'framework-415',
    summary:
      "a request body that is not application/json answers 415 with Spring's default error body and Accept-Post",
    breaks:
      'the documented error envelope {error: {code, message, target, details}}; the reference lists no 415 (a framework status, tolerated as a 4xx)',
    evidence: [
      {
        repository: BACKEND,
        file: `${COMMON}/http/controllers/AuthController.java`,
        what: "both operations take a @RequestBody, read by Spring's JSON converter only (application/json, application/*+json)",
      },
      {
        repository: BACKEND,
        file: `${COMMON}/http/GlobalExceptionHandler.java`,
        what: "no handler for HttpMediaTypeNotSupportedException, so Spring's default 415 and error body go out",
      },
    ],
  },
  {
    id: 'stale-bearer-401',
    summary:
      'any request carrying Authorization: Bearer with an invalid or expired token, login included, answers 401 before the controller, with an unwrapped {code, message, target, details}',
    breaks:
      'login and refresh take their credentials in the body and document no Authorization header; every documented error body is wrapped in {error: …}',
    evidence: [
      {
        repository: BACKEND,
        file: `${COMMON}/components/FilterApiRequest.java`,
        what: 'validates any Bearer token on every request and, when it fails, writes errorResponse.error() (the inner object) with status 401',
      },
      {
        repository: BACKEND,
        file: `${COMMON}/configs/CloudSecurityConfig.java`,
        what: 'the filter is added to the one security chain, in front of the permitAll authentication paths too',
      },
      {
        repository: BACKEND,
        file: `${COMMON}/http/ErrorUtils.java`,
        what: "buildErrorResponse(exception) adds one detail with the exception's message; target is the request path",
      },
    ],
  },
  {
    id: 'cors-allowlist',
    summary: `CORS only for the production origins (${KIRJASWAPPI_PRODUCTION_ORIGINS.join(', ')}); any other origin gets 403 "Invalid CORS request"`,
    breaks:
      "nothing the vendor documents (it publishes no CORS policy): a browser client served from any other origin, a developer's localhost included, cannot call the API",
    evidence: [
      {
        repository: BACKEND,
        file: `${COMMON}/configs/CloudSecurityConfig.java`,
        what: `cors.allowed-origins defaults to the three production origins; Spring's DefaultCorsProcessor refuses the rest with 403 "Invalid CORS request"`,
      },
      {
        repository: BACKEND,
        file: 'src/main/resources/application-cloud.yaml',
        what: 'cors.allowed-origins comes from the CORS_ALLOWED_ORIGINS variable and defaults to the same three origins',
      },
    ],
  },
];
