import type { Assertion } from './assertion.js';

/**
 * `schemas`: the body matches the schema file the suite names for the response's status. A named file
 * the profile lacks is a harness error (thrown), never a pass; the plan refuses such a suite first.
 */
export const referencedSchema: Assertion = {
  keyword: 'schemas',
  run({ response, json }, expect, { severity, schemas }) {
    const file = expect.schemas?.[String(response.status)];
    if (file === undefined) return [];
    const validate = schemas.get(file);
    if (!validate) throw new Error(`the suite refers to ${file}, which the profile does not have`);
    if (json.ok && validate(json.value)) return [];
    const first = json.ok ? validate.errors?.[0] : undefined;
    return [
      {
        check: 'assertion',
        title: 'Response violates the referenced schema',
        message: `${file}: ${json.ok ? `${first?.instancePath || '(body)'} ${first?.message ?? 'invalid'}` : json.error}`,
        severity,
        ...(first ? { path: first.instancePath, schemaPath: first.schemaPath } : {}),
      },
    ];
  },
};
