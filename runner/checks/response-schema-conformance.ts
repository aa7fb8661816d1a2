import { responseFor } from '../../schemas/load.js';
import { resolvePointer } from '../template.js';
import { basisOf, type Check, type Finding } from './check.js';
import { isFrameworkAnswer } from './framework-status.js';

/** Enough to see what is wrong without burying the report when a body is entirely different. */
const MAX_FINDINGS = 10;

/**
 * The body validates against the schema documented for the received status (compiled once, at load).
 * A framework's answer (an undocumented 405, 415, …) is framework_error_body's to judge.
 */
export const responseSchemaConformance: Check = {
  name: 'response_schema_conformance',
  judgesSchema: true,
  run: ({ operation, response, json }) => {
    if (!operation || isFrameworkAnswer(operation, response.status)) return [];
    const listed = responseFor(operation, response.status);
    const validate = listed?.validate;
    if (!listed || !validate) return [];
    // An error schema tokenrig assumed or took from the vendor's code binds at should only.
    const basis = basisOf(listed.provenance);
    if (!json.ok) {
      return [
        {
          title: 'Response body is not valid JSON',
          message: `Received: ${json.error} / Documented: a JSON body for status ${response.status}`,
          actual: response.text.slice(0, 200),
          ...basis,
        },
      ];
    }
    if (validate(json.value)) return [];
    return (validate.errors ?? []).slice(0, MAX_FINDINGS).map((e): Finding => {
      const at = resolvePointer(json.value, e.instancePath);
      return {
        title: 'Response violates the documented schema',
        message: `${e.instancePath || '(body)'} ${e.message ?? e.keyword}${
          e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum'
            ? `; received ${JSON.stringify(at.found ? at.value : undefined)}`
            : ''
        }`,
        path: e.instancePath,
        schemaPath: e.schemaPath,
        expected: e.params,
        ...(at.found ? { actual: at.value } : {}),
        ...basis,
      };
    });
  },
};
