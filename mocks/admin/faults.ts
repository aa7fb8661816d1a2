import { Hono } from 'hono';
import { isProfileId, type ProfileId } from '../../schemas/load.js';
import { FAULT_RULE_SCHEMA, type FaultRule, type FaultRuleRequest } from '../core/fault-rules.js';
import { AdminError } from './admin-error.js';
import type { MockControl } from './control.js';
import { lazily, readBody } from './request-body.js';

const validateRule = lazily(FAULT_RULE_SCHEMA);

/**
 * `/__admin/faults`: persistent fault rules. A rule is checked against the mounted profiles' contracts
 * and catalogues with the same FaultTargets a request's directives are resolved with.
 */
export function faultsResource(control: MockControl): Hono {
  const { faults, clock } = control.services;
  return new Hono()
    .get('/', (c) => c.json(faults.list().map(view)))
    .post('/', async (c) => {
      const rule = await readBody(c, validateRule());
      check(control, rule);
      return c.json(view(faults.add(rule, clock.now())), 201);
    })
    .delete('/:id', (c) => {
      const id = c.req.param('id');
      if (!faults.delete(id)) throw new AdminError(404, 'TOKENRIG_NO_SUCH_RULE', `no fault rule ${id}`);
      return c.body(null, 204);
    })
    .delete('/', (c) => {
      faults.clear();
      return c.body(null, 204);
    });
}

/**
 * A rule as the admin API shows it: its id, every member under the name it was posted with (`delay`,
 * `count`), then what the mock adds (`remaining`, `hits`, `createdAt` in ISO 8601, as every admin time is).
 */
function view({ id, remaining, hits, createdAt, ...posted }: FaultRule) {
  return {
    id,
    ...posted,
    ...(remaining === undefined ? {} : { remaining }),
    hits,
    createdAt: new Date(createdAt).toISOString(),
  };
}

/** Refuses a rule that asks for nothing, or names what a profile it covers does not have. */
function check(control: MockControl, rule: FaultRuleRequest): void {
  if (rule.status === undefined && rule.error === undefined && rule.delay === undefined && !rule.fault) {
    throw new AdminError(
      400,
      'TOKENRIG_INVALID_REQUEST',
      'a fault rule needs a status, error, delay or fault',
    );
  }
  for (const profile of profilesOf(control, rule.profile)) {
    const contract = control.contracts.get(profile);
    const targets = control.faultTargets.get(profile);
    if (!contract || !targets) throw new Error(`profile ${profile} is mounted without its contract`);
    const ops = [...contract.operations.values()].filter(
      (o) => rule.operation === undefined || o.id === rule.operation,
    );
    if (rule.operation !== undefined && ops.length === 0 && rule.profile !== undefined) {
      const known = [...contract.operations.keys()].join(', ');
      throw new AdminError(
        400,
        'TOKENRIG_NO_SUCH_OPERATION',
        `${profile} has no operation ${rule.operation}; it has ${known}`,
      );
    }
    for (const op of ops) {
      const undocumented =
        rule.status === undefined ? undefined : targets.undocumentedStatus(op, rule.status);
      if (undocumented !== undefined) {
        const message = `${undocumented}; narrow the rule with profile and operation`;
        throw new AdminError(400, 'TOKENRIG_UNDOCUMENTED_STATUS', message);
      }
    }
    const unknown = rule.error === undefined ? undefined : targets.unknownError(rule.error);
    if (unknown !== undefined) throw new AdminError(400, 'TOKENRIG_NO_SUCH_ERROR', unknown);
  }
}

function profilesOf(control: MockControl, profile: string | undefined): ProfileId[] {
  if (profile === undefined) return [...control.profiles];
  if (!isProfileId(profile) || !control.profiles.includes(profile)) {
    throw new AdminError(
      400,
      'TOKENRIG_NO_SUCH_PROFILE',
      `no mounted profile ${profile}; mounted: ${control.profiles.join(', ')}`,
    );
  }
  return [profile];
}
