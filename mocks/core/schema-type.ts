/**
 * The TypeScript type a JSON Schema (written `as const`) describes, for the small schemas the mock writes
 * itself (the admin API's bodies, fault rules): the schema is the one place their fields are written.
 * It covers what those schemas use: objects with properties and required, strings, numbers, booleans,
 * enums, arrays and anyOf.
 *
 * @example type Clock = FromSchema<typeof CLOCK_SCHEMA> // { advance: number }
 */
export type FromSchema<S> = S extends { readonly anyOf: readonly (infer A)[] }
  ? FromSchema<A>
  : S extends { readonly enum: readonly (infer E)[] }
    ? E
    : S extends { readonly type: 'string' }
      ? string
      : S extends { readonly type: 'integer' | 'number' }
        ? number
        : S extends { readonly type: 'boolean' }
          ? boolean
          : S extends { readonly type: 'array'; readonly items: infer I }
            ? FromSchema<I>[]
            : S extends { readonly type: 'object'; readonly properties: infer P }
              ? ObjectOf<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
              : unknown;

type ObjectOf<P, Required> = Flat<
  { -readonly [K in keyof P as K extends Required ? K : never]: FromSchema<P[K]> } & {
    -readonly [K in keyof P as K extends Required ? never : K]?: FromSchema<P[K]>;
  }
>;

type Flat<T> = { [K in keyof T]: T[K] };
