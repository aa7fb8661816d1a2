// A realistic RunReport for the reporter tests: two profiles; a clean pass, a pass with a `should`
// warning, a failure with two findings (one a schema failure), a bootstrap failure that only has a
// reason, and a skip. Strings carry markup, quotes and a control character to prove escaping.
import type { CaseResult, RunReport } from '../model.js';
import type { ReporterContext } from './reporter.js';

/** Markup, both quote kinds, an ampersand and a control character (invalid in XML 1.0). */
export const HOSTILE = `<script>alert("x&y")</script> it's \u0001`;

export const CURL_500 =
  "curl -X POST 'http://127.0.0.1:4010/flolive/api/v1/auth/token/refresh?a=1&b=<2>' " +
  `-H 'Content-Type: application/json' -d '{"refresh_token":"[REDACTED]","note":"${HOSTILE}"}'`;

export const CURL_SCHEMA =
  "curl -X POST 'http://127.0.0.1:4010/flolive/api/v1/auth/token/refresh' " +
  `-H 'Content-Type: application/json' -d '{"refresh_token":"[REDACTED]"}'`;

export const CURL_LOGIN =
  "curl -X POST 'http://127.0.0.1:4010/vcf/v1/tokens' -H 'Content-Type: application/json' " +
  `-d '{"username":"admin@local","password":"[REDACTED]"}'`;

const loginOk: CaseResult = {
  profile: 'flolive',
  id: 'flolive.login.ok',
  title: 'Login returns an access and a refresh token',
  severity: 'must',
  clauses: [{ kind: 'documented', source: 'floLIVE knowledge base (kb.flolive.net), "Create Token"' }],
  tags: ['login'],
  status: 'passed',
  failures: [],
  steps: [
    {
      name: 'login',
      method: 'POST',
      url: 'http://127.0.0.1:4010/flolive/api/v1/auth/login',
      status: 200,
      durationMs: 14,
    },
  ],
  durationMs: 15,
};

const refreshRotates: CaseResult = {
  profile: 'flolive',
  id: 'flolive.refresh.rotates',
  title: 'Refresh returns a new refresh token',
  severity: 'must',
  clauses: [
    { kind: 'documented', source: 'floLIVE knowledge base (kb.flolive.net), "Refresh Token"' },
    { kind: 'standard', source: 'RFC 6749 §6' },
  ],
  tags: ['refresh'],
  status: 'passed',
  failures: [
    {
      check: 'assertion',
      title: 'Token response is cacheable',
      message: 'Received: Cache-Control absent / Expected: no-store (RFC 6749 §5.1)',
      severity: 'should',
      expected: 'no-store',
      actual: null,
      step: 'refresh',
      curl: CURL_SCHEMA,
    },
  ],
  steps: [
    {
      name: 'refresh',
      method: 'POST',
      url: 'http://127.0.0.1:4010/flolive/api/v1/auth/token/refresh',
      status: 200,
      durationMs: 9,
    },
  ],
  durationMs: 10,
};

const refreshExpired: CaseResult = {
  profile: 'flolive',
  id: 'flolive.refresh.expired',
  title: `An expired refresh token is rejected with 401 & <no> body`,
  severity: 'must',
  clauses: [
    { kind: 'documented', source: 'floLIVE knowledge base (kb.flolive.net), "Refresh Token": AUTH_1002' },
    { kind: 'assumed', source: 'docs/profiles/flolive.md: a NAK is answered with 401' },
  ],
  tags: ['refresh', 'expiry'],
  status: 'failed',
  failures: [
    {
      check: 'status_code_conformance',
      title: 'Undocumented HTTP status code',
      message: `Received: 500 / Documented: 200, 400, 401\nbody: ${HOSTILE}`,
      severity: 'must',
      expected: [200, 400, 401],
      actual: 500,
      step: 'refresh',
      curl: CURL_500,
    },
    {
      check: 'response_schema_conformance',
      title: 'Response violates schema',
      message:
        'Received: {"error":5} / Documented: /error must be string (type), must have required property \'message\'',
      severity: 'must',
      expected: { type: 'string' },
      actual: 5,
      path: '/error',
      schemaPath: '#/properties/error/type',
      step: 'refresh',
      curl: CURL_SCHEMA,
    },
  ],
  steps: [
    {
      name: 'advance clock',
      method: 'POST',
      url: 'http://127.0.0.1:4010/__admin/clock',
      status: 204,
      durationMs: 2,
    },
    {
      name: 'refresh',
      method: 'POST',
      url: 'http://127.0.0.1:4010/flolive/api/v1/auth/token/refresh',
      status: 500,
      durationMs: 21,
    },
  ],
  durationMs: 1250,
};

const vcfLogin: CaseResult = {
  profile: 'vcf',
  id: 'vcf.login.ok',
  title: 'Login returns 200 with an access token',
  severity: 'must',
  clauses: [
    { kind: 'documented', source: `VMware SDDC Manager API reference, "Create Token Pair" ${HOSTILE}` },
  ],
  tags: ['login'],
  status: 'passed',
  failures: [
    {
      check: 'assertion',
      title: 'Token response is cacheable',
      message: 'Received: Cache-Control: max-age=60 / Expected: no-store (RFC 6749 §5.1)',
      severity: 'should',
      expected: 'no-store',
      actual: 'max-age=60',
      step: 'login',
      curl: CURL_LOGIN,
    },
  ],
  steps: [
    { name: 'login', method: 'POST', url: 'http://127.0.0.1:4010/vcf/v1/tokens', status: 200, durationMs: 7 },
  ],
  durationMs: 8,
};

const vcfRefresh: CaseResult = {
  profile: 'vcf',
  id: 'vcf.refresh.ok',
  title: 'Refresh with a valid refresh token returns a new access token',
  severity: 'must',
  clauses: [{ kind: 'documented', source: 'VMware SDDC Manager API reference, "Refresh Access Token"' }],
  tags: ['refresh'],
  status: 'failed',
  reason: 'bootstrap failed: step login received no response (ECONNRESET)',
  failures: [],
  steps: [{ name: 'login', method: 'POST', url: 'http://127.0.0.1:4010/vcf/v1/tokens', durationMs: 30 }],
  durationMs: 31,
};

const vcfRevoke: CaseResult = {
  profile: 'vcf',
  id: 'vcf.revoke.clock',
  title: 'A revoked refresh token stays revoked after an hour',
  severity: 'must',
  clauses: [{ kind: 'documented', source: 'VMware SDDC Manager API reference, "Refresh Access Token"' }],
  tags: ['revoke'],
  status: 'skipped',
  reason: `requires tokenrig-admin: the target is not a tokenrig mock <${HOSTILE}>`,
  failures: [],
  steps: [],
  durationMs: 0,
};

export const fixture: RunReport = {
  tool: { name: 'tokenrig', version: '0.1.0' },
  target: 'http://127.0.0.1:4010',
  embeddedMock: true,
  seed: 424242,
  strict: false,
  startedAt: '2025-03-14T09:26:53.589Z',
  durationMs: 1834,
  exitCode: 1,
  exitReason: '2 must cases failed (2 must failures, 1 bootstrap failure)',
  profiles: [
    {
      profile: 'flolive',
      total: 3,
      passed: 2,
      failed: 1,
      skipped: 0,
      warnings: 1,
      score: { passed: 2, applicable: 3 },
    },
    {
      profile: 'vcf',
      total: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
      warnings: 1,
      score: { passed: 1, applicable: 2 },
    },
  ],
  cases: [loginOk, refreshRotates, refreshExpired, vcfLogin, vcfRefresh, vcfRevoke],
};

/** A ReporterContext that collects what a reporter writes, for assertions. */
export function captureContext(outDir: string, color = false): ReporterContext & { output(): string } {
  const chunks: string[] = [];
  return { outDir, color, write: (text) => chunks.push(text), output: () => chunks.join('') };
}
