import { isObject, type Json, type JsonObject } from './json.js';

/** `login.response.schema.json` → `LoginResponse`. */
function componentName(file: string): string {
  return file
    .replace(/\.schema\.json$/, '')
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * One self-contained document for tools that want a single file (Prism, Swagger UI, code generators):
 * each referenced schema file becomes a component, and every file reference a local one.
 */
export function bundle(doc: JsonObject, files: ReadonlyMap<string, JsonObject>): JsonObject {
  const toLocal = (ref: string, self: string | undefined): string => {
    if (ref === '#' && self) return `#/components/schemas/${componentName(self)}`;
    const match = /^(?:\.\/)?([^#/]+\.schema\.json)(#.*)?$/.exec(ref);
    if (!match?.[1] || !files.has(match[1])) return ref;
    const pointer = match[2] && match[2] !== '#' ? match[2].slice(1) : '';
    return `#/components/schemas/${componentName(match[1])}${pointer}`;
  };
  const rewrite = (node: Json, self: string | undefined): Json => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, self));
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out[key] = toLocal(value, self);
      else if (self && (key === '$id' || key === '$schema')) continue;
      else out[key] = rewrite(value, self);
    }
    return out;
  };
  const components = isObject(doc.components) ? { ...doc.components } : {};
  const schemas: JsonObject = isObject(components.schemas) ? { ...components.schemas } : {};
  for (const [name, schema] of files) schemas[componentName(name)] = rewrite(schema, name);
  const bundled = rewrite(doc, undefined) as JsonObject;
  bundled.components = { ...components, schemas };
  return bundled;
}
