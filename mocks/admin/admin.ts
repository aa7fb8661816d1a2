import type { ValidateFunction } from 'ajv/dist/2020.js';
import { Hono } from 'hono';
import { isDocumentedStatus, isProfileId, type ProfileId } from '../../schemas/load.js';
import type { MockApp } from '../app.js';
import { toDetails } from '../core/body.js';
import type { FAULT_KINDS } from '../core/directives.js';
import type { FaultRuleInput } from '../core/fault-rules.js';
import { QuirkError } from '../core/quirks.js';
import { REDACTED, redactHeaders } from '../core/redact.js';
import { PROFILES } from '../profiles.js';
import { validateClock, validateQuirkSwitch, validateRule, validateUser } from './requests.js';

class AdminError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * The mock's control plane under `/__admin`: state (reset, clock, users, sessions), persistent faults,
 * the request journal and the OpenAPI documents. Its own errors use a plain `{error: {code, message}}`.
 */
export function createAdminApp(mock: MockApp, { showSecrets }: { showSecrets: boolean }): Hono {
  const { services, journal } = mock;
  const admin = new Hono();
  const startedAt = Date.now();
  let ruleSeq = 0;

  admin.onError((err, c) => {
    if (err instanceof AdminError) {
      return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
    }
    services.logError(err);
    return c.json({ error: { code: 'TOKENRIG_INTERNAL', message: 'internal error in the admin API' } }, 500);
  });

  async function body(c: { req: { text(): Promise<string> } }): Promise<unknown> {
    const raw = await c.req.text();
    try {
      return raw.trim() === '' ? {} : JSON.parse(raw);
    } catch (error) {
      throw new AdminError(
        400,
        'TOKENRIG_MALFORMED_JSON',
        `request body is not JSON: ${(error as Error).message}`,
      );
    }
  }

  function check<T>(validate: ValidateFunction, value: unknown): T {
    if (!validate(value)) {
      const details = toDetails(validate.errors);
      throw new AdminError(400, 'TOKENRIG_INVALID_REQUEST', 'invalid admin request', details);
    }
    return value as T;
  }

  admin.get('/health', (c) =>
    c.json({
      status: 'ok',
      profiles: mock.profiles,
      seed: mock.seed,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sessions: services.sessions.size,
      requests: journal.total,
      // What a client meets is documented behaviour unless this lists a vendor quirk.
      quirks: services.quirks.enabled(),
    }),
  );

  admin.post('/reset', (c) => {
    mock.reset();
    return c.body(null, 204);
  });

  const clockView = () => ({
    now: new Date(services.clock.now()).toISOString(),
    epochSeconds: Math.floor(services.clock.now() / 1000),
    offsetSeconds: services.clock.offsetSeconds(),
  });
  admin.get('/clock', (c) => c.json(clockView()));
  admin.post('/clock', async (c) => {
    const { advance } = check<{ advance: number }>(validateClock(), await body(c));
    services.clock.advance(advance);
    return c.json(clockView());
  });

  const userView = (u: { id: string; username: string; password: string; createdAt: number }) => ({
    id: u.id,
    username: u.username,
    password: showSecrets ? u.password : REDACTED,
    createdAt: new Date(u.createdAt).toISOString(),
  });
  admin.get('/users', (c) => c.json(services.users.list().map(userView)));
  admin.post('/users', async (c) => {
    const { username, password } = check<{ username: string; password: string }>(
      validateUser(),
      await body(c),
    );
    return c.json(userView(services.users.add(username, password)), 201);
  });
  admin.delete('/users/:username', (c) => {
    const username = c.req.param('username');
    if (!services.users.delete(username))
      throw new AdminError(404, 'TOKENRIG_NO_SUCH_USER', `no user ${username}`);
    // A deleted user's tokens stop working everywhere, as they would at the vendor.
    services.sessions.revokeUser(username);
    return c.body(null, 204);
  });

  admin.get('/sessions', (c) =>
    c.json(
      services.sessions.list().map((s) => ({
        id: s.id,
        profile: s.profile,
        username: s.username,
        createdAt: new Date(s.createdAt).toISOString(),
        expiresAt: new Date(s.expiresAt).toISOString(),
        revoked: s.revokedAt !== undefined,
        ...(s.revokedReason ? { revokedReason: s.revokedReason } : {}),
        refreshTokens: showSecrets ? s.refreshTokens : s.refreshTokens.map(() => REDACTED),
      })),
    ),
  );
  admin.delete('/sessions/:id', (c) => {
    const id = c.req.param('id');
    if (!services.sessions.get(id)) throw new AdminError(404, 'TOKENRIG_NO_SUCH_SESSION', `no session ${id}`);
    services.sessions.revoke(id, 'admin');
    return c.body(null, 204);
  });

  admin.get('/faults', (c) => c.json(services.faults.list()));
  admin.post('/faults', async (c) => {
    const input = check<{
      profile?: string;
      operation?: string;
      status?: number;
      error?: string;
      delay?: number;
      fault?: (typeof FAULT_KINDS)[number];
      count?: number;
      probability?: number;
    }>(validateRule(), await body(c));
    if (
      input.status === undefined &&
      input.error === undefined &&
      input.delay === undefined &&
      !input.fault
    ) {
      throw new AdminError(
        400,
        'TOKENRIG_INVALID_REQUEST',
        'a fault rule needs a status, error, delay or fault',
      );
    }
    const profiles = resolveProfiles(input.profile);
    for (const profile of profiles) {
      const contract = mock.contracts.get(profile);
      const ops = [...(contract?.operations.values() ?? [])].filter(
        (o) => input.operation === undefined || o.id === input.operation,
      );
      if (input.operation !== undefined && ops.length === 0 && input.profile !== undefined) {
        const known = [...(contract?.operations.keys() ?? [])].join(', ');
        throw new AdminError(
          400,
          'TOKENRIG_NO_SUCH_OPERATION',
          `${profile} has no operation ${input.operation}; it has ${known}`,
        );
      }
      for (const op of ops) {
        if (input.status !== undefined && !isDocumentedStatus(op, input.status)) {
          throw new AdminError(
            400,
            'TOKENRIG_UNDOCUMENTED_STATUS',
            `status ${input.status} is not documented for ${profile} ${op.id} (documented: ${op.responses.map((r) => r.status).join(', ')}); narrow the rule with profile and operation`,
          );
        }
      }
      if (
        input.error !== undefined &&
        !Object.values(PROFILES[profile].errors).some((e) => e.code === input.error)
      ) {
        throw new AdminError(400, 'TOKENRIG_NO_SUCH_ERROR', `${profile} has no error code ${input.error}`);
      }
    }
    const rule: FaultRuleInput = {
      ...(input.profile === undefined ? {} : { profile: input.profile }),
      ...(input.operation === undefined ? {} : { operation: input.operation }),
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(input.error === undefined ? {} : { error: input.error }),
      ...(input.delay === undefined ? {} : { delayMs: input.delay }),
      ...(input.fault === undefined ? {} : { fault: input.fault }),
      ...(input.count === undefined ? {} : { remaining: input.count }),
      ...(input.probability === undefined ? {} : { probability: input.probability }),
    };
    return c.json(services.faults.add(rule, `rule-${++ruleSeq}`, services.clock.now()), 201);
  });
  admin.delete('/faults/:id', (c) => {
    const id = c.req.param('id');
    if (!services.faults.delete(id))
      throw new AdminError(404, 'TOKENRIG_NO_SUCH_RULE', `no fault rule ${id}`);
    return c.body(null, 204);
  });
  admin.delete('/faults', (c) => {
    services.faults.clear();
    return c.body(null, 204);
  });

  // Quirks: the vendors' observed deviations, off unless switched on here or with `--quirk`.
  function switchQuirks(change: { enable?: readonly string[]; disable?: readonly string[] }): Response {
    try {
      services.quirks.apply(change);
    } catch (error) {
      if (error instanceof QuirkError) throw new AdminError(404, 'TOKENRIG_NO_SUCH_QUIRK', error.message);
      throw error;
    }
    return Response.json(services.quirks.list());
  }
  admin.get('/quirks', (c) => c.json(services.quirks.list()));
  admin.post('/quirks', async (c) =>
    switchQuirks(check<{ enable?: string[]; disable?: string[] }>(validateQuirkSwitch(), await body(c))),
  );
  admin.put('/quirks/:name', (c) => switchQuirks({ enable: [c.req.param('name')] }));
  admin.delete('/quirks/:name', (c) => switchQuirks({ disable: [c.req.param('name')] }));
  admin.delete('/quirks', () => switchQuirks({ disable: ['all'] }));

  admin.get('/requests', (c) => {
    const limitParam = c.req.query('limit');
    const limit = limitParam === undefined ? journal.capacity : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 0) {
      throw new AdminError(400, 'TOKENRIG_INVALID_REQUEST', 'limit must be a non-negative integer');
    }
    const profile = c.req.query('profile');
    const entries = journal.entries().filter((e) => profile === undefined || e.profile === profile);
    const requests = entries
      .slice(0, limit)
      .map((e) => ({ ...e, requestHeaders: redactHeaders(e.requestHeaders, showSecrets) }));
    return c.json({ total: journal.total, capacity: journal.capacity, requests });
  });
  admin.delete('/requests', (c) => {
    journal.clear();
    return c.body(null, 204);
  });

  admin.get('/openapi/:file', (c) => {
    const file = c.req.param('file');
    const id = file.replace(/\.json$/, '');
    const contract = isProfileId(id) && mock.profiles.includes(id) ? mock.contracts.get(id) : undefined;
    if (!contract || !file.endsWith('.json')) {
      throw new AdminError(
        404,
        'TOKENRIG_NO_SUCH_PROFILE',
        `no mounted profile ${id}; mounted: ${mock.profiles.join(', ')}`,
      );
    }
    // Point "Try it out" and code generators at this very mock, whatever port it runs on.
    return c.json({ ...contract.bundled, servers: [{ url: new URL(c.req.url).origin }] });
  });

  function resolveProfiles(profile: string | undefined): ProfileId[] {
    if (profile === undefined) return [...mock.profiles];
    if (!isProfileId(profile) || !mock.profiles.includes(profile)) {
      throw new AdminError(
        400,
        'TOKENRIG_NO_SUCH_PROFILE',
        `no mounted profile ${profile}; mounted: ${mock.profiles.join(', ')}`,
      );
    }
    return [profile];
  }

  return admin;
}
