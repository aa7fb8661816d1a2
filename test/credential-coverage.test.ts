import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadSuites, SUITES_DIR } from '../runner/suite/load.js';
import { isClockStep, type Suite } from '../runner/suite/types.js';
import { loadContracts, PROFILE_IDS, SCHEMAS_DIR } from '../schemas/load.js';

/**
 * Every credential an operation takes is tried missing, invalid and (where the mock can expire it)
 * expired by some case of the profile's suites: a case says which with a tag
 * `credential:<operationId>:<name>:<variant>`. What an operation takes is declared in its OpenAPI
 * document: `security` (OpenAPI 3.1) and `x-tokenrig-credentials`.
 */
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PLACES = ['body', 'cookie', 'header', 'bearer', 'query'];
const VARIANTS = ['missing', 'invalid', 'expired'] as const;
const TAG = /^credential:([^:]+):([^:]+):([^:]+)$/;

interface Credential {
  readonly name: string;
  readonly expires: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The operations of an OpenAPI document with the credentials they declare, or what is wrong with them. */
function declaredCredentials(doc: unknown): { operations: Map<string, Credential[]>; problems: string[] } {
  const operations = new Map<string, Credential[]>();
  const problems: string[] = [];
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const id = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${path}`;
      if (!Array.isArray(op.security))
        problems.push(`${id}: no security (use [] for an unauthenticated call)`);
      const declared = op['x-tokenrig-credentials'];
      if (!Array.isArray(declared)) {
        problems.push(`${id}: no x-tokenrig-credentials (use [] for an operation that takes none)`);
        operations.set(id, []);
        continue;
      }
      const credentials: Credential[] = [];
      declared.forEach((c: unknown, i) => {
        if (
          !isObject(c) ||
          typeof c.name !== 'string' ||
          typeof c.in !== 'string' ||
          !PLACES.includes(c.in) ||
          typeof c.expires !== 'boolean'
        ) {
          problems.push(
            `${id}: x-tokenrig-credentials/${i} is not {name, in: ${PLACES.join(' | ')}, expires: boolean}`,
          );
          return;
        }
        credentials.push({ name: c.name, expires: c.expires });
      });
      operations.set(id, credentials);
    }
  }
  return { operations, problems };
}

/**
 * Every operation × credential × variant without a case tagged for it, and every tag that names an
 * operation, credential or variant the document does not have (or sits on a case that never calls
 * that operation). Empty: complete coverage.
 */
function credentialCoverageProblems(doc: unknown, suites: readonly Suite[]): string[] {
  const { operations, problems } = declaredCredentials(doc);
  const covered = new Set<string>();
  for (const c of suites.flatMap((s) => s.cases)) {
    for (const tag of (c.tags ?? []).filter((tag) => tag.startsWith('credential:'))) {
      const match = TAG.exec(tag);
      if (!match) {
        problems.push(`${c.id}: tag ${tag} is not credential:<operationId>:<name>:<variant>`);
        continue;
      }
      const [, op = '', name = '', variant = ''] = match;
      const credentials = operations.get(op);
      const credential = credentials?.find((cr) => cr.name === name);
      if (!credentials) {
        problems.push(
          `${c.id}: tag ${tag} names no operation (there are ${[...operations.keys()].join(', ')})`,
        );
      } else if (!credential) {
        const names = credentials.map((cr) => cr.name).join(', ') || 'none';
        problems.push(`${c.id}: tag ${tag}: ${op} takes no credential ${name} (it takes ${names})`);
      } else if (!VARIANTS.some((v) => v === variant)) {
        problems.push(`${c.id}: tag ${tag}: the variant is one of ${VARIANTS.join(', ')}`);
      } else if (variant === 'expired' && !credential.expires) {
        problems.push(`${c.id}: tag ${tag}: ${op}'s ${name} does not expire (expires: false)`);
      } else if (!c.steps.some((s) => !isClockStep(s) && s.operation === op)) {
        problems.push(`${c.id}: tag ${tag}, but no step of the case calls ${op}`);
      } else {
        covered.add(`credential:${op}:${name}:${variant}`);
      }
    }
  }
  for (const [op, credentials] of operations) {
    for (const credential of credentials) {
      for (const variant of VARIANTS) {
        if (variant === 'expired' && !credential.expires) continue;
        const tag = `credential:${op}:${credential.name}:${variant}`;
        if (!covered.has(tag))
          problems.push(`${op} × ${credential.name} × ${variant}: no case tagged ${tag}`);
      }
    }
  }
  return problems;
}

const contracts = loadContracts(PROFILE_IDS);

for (const profile of PROFILE_IDS) {
  t.test(`${profile}: every operation × credential × variant has a case`, async (t) => {
    const doc: unknown = JSON.parse(readFileSync(join(SCHEMAS_DIR, profile, 'openapi.json'), 'utf8'));
    const suites = loadSuites([join(SUITES_DIR, profile)], contracts).map((s) => s.suite);
    const { operations } = declaredCredentials(doc);
    t.ok(operations.size > 0, `${operations.size} operations`);
    t.same(credentialCoverageProblems(doc, suites), []);
  });
}

t.test('the coverage check can fail: each kind of gap is named', async (t) => {
  const doc = {
    openapi: '3.1.0',
    paths: {
      '/login': {
        post: {
          operationId: 'login',
          security: [],
          'x-tokenrig-credentials': [{ name: 'password', in: 'body', expires: false }],
        },
      },
      '/refresh': {
        post: {
          operationId: 'refresh',
          'x-tokenrig-credentials': [{ name: 'bearer', in: 'bearer', expires: true }],
        },
      },
      '/logout': { post: { operationId: 'logout', security: [{ bearerAuth: [] }] } },
      '/verify': {
        post: {
          operationId: 'verify',
          security: [],
          'x-tokenrig-credentials': [{ name: 'x', in: 'pocket' }],
        },
      },
    },
  };
  const step = (operation: string) => ({ name: operation, operation });
  const suite: Suite = {
    profile: 'oracle-commerce',
    cases: [
      {
        id: 'p.login.no-password',
        title: 't',
        tags: ['credential:login:password:missing', 'credential:login:password:expired'],
        steps: [step('login')],
      },
      {
        id: 'p.refresh.no-bearer',
        title: 't',
        tags: [
          'credential:refresh:bearer:missing',
          'credential:refresh:cookie:invalid',
          'credential:refresh:bearer',
        ],
        steps: [step('refresh')],
      },
      {
        id: 'p.refresh.elsewhere',
        title: 't',
        tags: [
          'credential:refresh:bearer:invalid',
          'credential:revoke:bearer:missing',
          'credential:refresh:bearer:stale',
        ],
        steps: [step('login')],
      },
    ],
  };
  t.same(credentialCoverageProblems(doc, [suite]), [
    'refresh: no security (use [] for an unauthenticated call)',
    'logout: no x-tokenrig-credentials (use [] for an operation that takes none)',
    'verify: x-tokenrig-credentials/0 is not {name, in: body | cookie | header | bearer | query, expires: boolean}',
    "p.login.no-password: tag credential:login:password:expired: login's password does not expire (expires: false)",
    'p.refresh.no-bearer: tag credential:refresh:cookie:invalid: refresh takes no credential cookie (it takes bearer)',
    'p.refresh.no-bearer: tag credential:refresh:bearer is not credential:<operationId>:<name>:<variant>',
    'p.refresh.elsewhere: tag credential:refresh:bearer:invalid, but no step of the case calls refresh',
    'p.refresh.elsewhere: tag credential:revoke:bearer:missing names no operation (there are login, refresh, logout, verify)',
    'p.refresh.elsewhere: tag credential:refresh:bearer:stale: the variant is one of missing, invalid, expired',
    'login × password × invalid: no case tagged credential:login:password:invalid',
    'refresh × bearer × invalid: no case tagged credential:refresh:bearer:invalid',
    'refresh × bearer × expired: no case tagged credential:refresh:bearer:expired',
  ]);
  const complete: Suite = {
    profile: 'oracle-commerce',
    cases: [
      {
        id: 'p.all',
        title: 't',
        tags: [
          'credential:login:password:missing',
          'credential:login:password:invalid',
          'credential:refresh:bearer:missing',
          'credential:refresh:bearer:invalid',
          'credential:refresh:bearer:expired',
        ],
        steps: [step('login'), step('refresh')],
      },
    ],
  };
  const fixed = structuredClone(doc);
  Object.assign(fixed.paths['/refresh'].post, { security: [{ bearerAuth: [] }] });
  Object.assign(fixed.paths['/logout'].post, { 'x-tokenrig-credentials': [] });
  Object.assign(fixed.paths['/verify'].post, { 'x-tokenrig-credentials': [] });
  t.same(credentialCoverageProblems(fixed, [complete]), [], 'one case may cover several variants');
});
