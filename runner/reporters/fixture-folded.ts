// A folded finding for the reporter tests: what a forced 500 becomes once its consequents are folded.
import type { CaseResult, RunReport } from '../model.js';
import { fixture } from './fixture.js';

/** A replayable curl line of a forced 500: its refresh token is a shell variable. */
export const CURL_FOLDED =
  "curl -sS -i -X POST 'http://127.0.0.1:4010/api/v1/authenticate/refresh' -H 'content-type: application/json' " +
  `--data-raw '{"refreshToken":"'"$TOKENRIG_REFRESH_TOKEN"'"}'`;

/**
 * A forced 500, folded: the server error is the root; the unexpected status, a body assertion at the
 * root pointer and a `should` echo of it are its consequents. A stack trace stays a finding of its own.
 */
export const folded500: CaseResult = {
  profile: 'kirjaswappi',
  id: 'kirjaswappi.refresh.success',
  title: 'Refresh returns a new access token',
  severity: 'must',
  clauses: [
    { kind: 'documented', source: 'KirjaSwappi backend API reference, "Refresh an authentication token"' },
  ],
  tags: ['refresh'],
  status: 'failed',
  failures: [
    {
      check: 'not_a_server_error',
      title: 'Server error',
      message: 'Received: 500 / Expected: no 5xx',
      severity: 'must',
      step: 'refresh',
      curl: CURL_FOLDED,
      consequents: [
        {
          check: 'assertion',
          title: 'Unexpected HTTP status',
          message: 'Received: 500 / Expected: 200',
          severity: 'must',
          step: 'refresh',
          curl: CURL_FOLDED,
        },
        {
          check: 'assertion',
          title: 'Body (root) should be of type object',
          message: '(body) should be of type object / Received: "oops"',
          severity: 'must',
          path: '',
          step: 'refresh',
          curl: CURL_FOLDED,
        },
        {
          check: 'response_schema_conformance',
          title: 'Response violates the documented schema',
          message: '(body) must be object',
          severity: 'should',
          path: '',
          step: 'refresh',
          curl: CURL_FOLDED,
        },
      ],
    },
    {
      check: 'no_stack_trace',
      title: 'Stack trace in response',
      message: 'at com.example.Auth(Auth.java:12)',
      severity: 'should',
      step: 'refresh',
      curl: CURL_FOLDED,
    },
  ],
  steps: [
    {
      name: 'refresh',
      method: 'POST',
      url: 'http://127.0.0.1:4010/api/v1/authenticate/refresh',
      status: 500,
      durationMs: 3,
    },
  ],
  durationMs: 4,
};

/** The fixture plus the folded 500, as a third profile. */
export const foldedFixture: RunReport = {
  ...fixture,
  profiles: [
    ...fixture.profiles,
    {
      profile: 'kirjaswappi',
      total: 1,
      passed: 0,
      failed: 1,
      skipped: 0,
      warnings: 1,
      score: { passed: 0, applicable: 1 },
    },
  ],
  cases: [...fixture.cases, folded500],
};
