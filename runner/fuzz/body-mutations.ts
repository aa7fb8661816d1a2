import type { OperationContract } from '../../schemas/load.js';
import type { HttpRequest } from '../http.js';
import {
  allowsType,
  type Mutation,
  type NegativeExpectation,
  type ObjectSchema,
  ODD_STRINGS,
  parseBody,
  TOKEN_NAME,
  WRONG_TYPES,
  withBody,
} from './mutation.js';
import { tokenMemberMutations } from './token-mutations.js';

/** What the operation documents about its request body, and the valid body the suite sent. */
export interface BodyShape {
  readonly schema: ObjectSchema;
  readonly required: readonly string[];
  readonly parsed: ReturnType<typeof parseBody>;
  readonly isForm: boolean;
  readonly encode: (value: Record<string, unknown>) => string;
  /** Only a body the vendor requires, or one with required members, can be "wrong" as a whole. */
  readonly bodyExpect: NegativeExpectation;
}

export function bodyShape(operation: OperationContract, base: HttpRequest): BodyShape {
  // The contract's request schema is JSON Schema as loaded; only the members read here matter.
  const schema = (operation.requestSchema ?? {}) as ObjectSchema;
  const required = schema.required ?? [];
  const parsed = parseBody(base);
  const isForm = parsed?.kind === 'form';
  return {
    schema,
    required,
    parsed,
    isForm,
    // A form's members are strings (URLSearchParams stringifies whatever else a mutation puts there).
    encode: (value) =>
      isForm ? new URLSearchParams(value as Record<string, string>).toString() : JSON.stringify(value),
    bodyExpect: operation.requestRequired || required.length > 0 ? 'reject' : 'survive',
  };
}

/** The body as a whole: empty, not JSON, null, deeply nested, or under another content type. */
export function contentMutations(
  operation: OperationContract,
  { isForm, bodyExpect }: BodyShape,
): Mutation[] {
  if (operation.requestContentTypes.length === 0) return [];
  const out: Mutation[] = [];
  out.push(
    { id: 'body:empty', description: 'an empty body', expect: bodyExpect, apply: (r) => withBody(r, '') },
    {
      id: 'body:not-json',
      description: 'a body that is not JSON',
      expect: bodyExpect,
      apply: (r) => withBody(r, '{"unterminated": ', isForm ? 'application/json' : undefined),
    },
    {
      id: 'body:null',
      description: 'the JSON literal null',
      expect: bodyExpect,
      apply: (r) => withBody(r, 'null', 'application/json'),
    },
    {
      id: 'body:deep-nesting',
      description: '2 000 nested arrays',
      expect: bodyExpect,
      apply: (r) => withBody(r, `${'['.repeat(2000)}${']'.repeat(2000)}`, 'application/json'),
    },
    {
      id: 'content-type:text-plain',
      description: 'the same body as text/plain',
      expect: 'survive',
      apply: (r) => withBody(r, r.body, 'text/plain'),
    },
    {
      id: 'content-type:missing',
      description: 'the same body without Content-Type',
      expect: 'survive',
      apply: (r) => withBody(r, r.body, null),
    },
  );
  return out;
}

/** A documented object body: its shape, each required member left out, each member mistyped or odd. */
export function objectMutations(shape: BodyShape, forgeKey: Buffer): Mutation[] {
  const { schema, parsed, isForm, encode, bodyExpect, required } = shape;
  if (schema.type !== 'object' || !parsed) return [];
  const out: Mutation[] = [];
  // The suite's valid body for an object schema: an object (a form's members are strings).
  const value = (parsed.value ?? {}) as Record<string, unknown>;
  if (!isForm) {
    out.push({
      id: 'body:array',
      description: 'an array where an object is documented',
      expect: bodyExpect,
      apply: (r) => withBody(r, JSON.stringify([value])),
    });
  }
  out.push(
    {
      id: 'extra-property',
      description: 'an undocumented extra property',
      expect: 'survive',
      apply: (r) => withBody(r, encode({ ...value, tokenrigExtra: 'x' })),
    },
    {
      id: 'proto-keys',
      description: '__proto__ and constructor keys',
      expect: 'survive',
      apply: (r) =>
        withBody(
          r,
          isForm
            ? `${r.body}&__proto__=x&constructor=y`
            : JSON.stringify(value).replace(
                /^\{/,
                '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},',
              ),
        ),
    },
  );
  for (const name of required) {
    const rest = { ...value };
    delete rest[name];
    out.push({
      id: `missing:${name}`,
      description: `required ${name} left out`,
      expect: 'reject',
      apply: (r) => withBody(r, encode(rest)),
    });
  }
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (!isForm) {
      for (const [kind, wrong] of WRONG_TYPES) {
        if (allowsType(prop, kind)) continue;
        out.push({
          id: `type:${name}:${kind}`,
          description: `${name} as a ${kind}`,
          expect: 'reject',
          apply: (r) => withBody(r, JSON.stringify({ ...value, [name]: wrong })),
        });
      }
    }
    if (prop.const !== undefined) continue;
    for (const [kind, odd] of ODD_STRINGS) {
      out.push({
        id: `string:${name}:${kind}`,
        description: `${name} as ${kind === 'long' ? 'a 10 000-character string' : `the string ${JSON.stringify(odd)}`}`,
        expect: 'survive',
        apply: (r) => withBody(r, encode({ ...value, [name]: odd })),
      });
    }
    const current = value[name];
    if (TOKEN_NAME.test(name) && typeof current === 'string') {
      out.push(...tokenMemberMutations({ name, current, value, required, encode }, forgeKey));
    }
  }
  return out;
}

/** A documented JSON string body: other JSON types, and odd strings. */
export function stringBodyMutations(operation: OperationContract, { schema, parsed }: BodyShape): Mutation[] {
  if (schema.type !== 'string' || parsed?.kind !== 'json' || typeof parsed.value !== 'string') return [];
  const out: Mutation[] = [];
  for (const [kind, wrong] of WRONG_TYPES) {
    if (kind === 'null' && !operation.requestRequired) continue;
    out.push({
      id: `type:body:${kind}`,
      description: `the body as a JSON ${kind}`,
      expect: 'reject',
      apply: (r) => withBody(r, JSON.stringify(wrong)),
    });
  }
  for (const [kind, odd] of ODD_STRINGS) {
    out.push({
      id: `string:body:${kind}`,
      description: `the body as the JSON string ${kind}`,
      expect: 'survive',
      apply: (r) => withBody(r, JSON.stringify(odd)),
    });
  }
  return out;
}

/** A body where none is documented: the server may ignore it, never fail on it. */
export function unexpectedBodyMutations(operation: OperationContract, takesContent: boolean): Mutation[] {
  if (operation.requestContentTypes.length > 0 || !takesContent) return [];
  const out: Mutation[] = [];
  // A body where none is documented: the server may ignore it, never fail on it.
  out.push(
    {
      id: 'unexpected-body:json',
      description: 'a JSON body where none is documented',
      expect: 'survive',
      apply: (r) => withBody(r, '{"device_code": 1, "tokenrig": [null]}', 'application/json'),
    },
    {
      id: 'unexpected-body:garbage',
      description: 'a binary body where none is documented',
      expect: 'survive',
      apply: (r) => withBody(r, '\u0000\u00ff{[', 'application/octet-stream'),
    },
  );
  return out;
}
