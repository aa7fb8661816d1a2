import type { Check } from './check.js';

/**
 * Traces of the common server stacks. Each names a frame or a marker no ordinary message carries: a
 * qualified name followed by its source file and line, a numbered frame, a runtime's own heading.
 */
const STACK_TRACES: readonly { readonly stack: string; readonly pattern: RegExp }[] = [
  // com.x.Foo.bar(Foo.java:42), also without "at " (frames listed as strings) and from Kotlin or Scala.
  {
    stack: 'JVM',
    pattern:
      /(?<![\w$.<>-])[A-Za-z_$][\w$]*(?:\.[\w$<>-]+)+\((?:[\w$-]+\.(?:java|kt|kts|scala|groovy|clj):\d+|Native Method|Unknown Source)\)/,
  },
  // A line of its own: at a line's start or a string's, up to its end or the string's.
  {
    stack: 'JVM',
    pattern: /(?:^|["'[>])[ \t]*Caused by: [a-z][\w$]*(?:\.[\w$]+)+(?::|[ \t]*(?:$|["'<,\]]))/m,
  },
  {
    stack: 'JVM',
    pattern: /(?:^|["'[>])[ \t]*\.\.\. \d+ (?:more|common frames omitted)[ \t]*(?:$|["'<,\]])/m,
  },
  { stack: 'JVM', pattern: /Exception in thread "[^"\n]*" [a-z][\w$]*(?:\.[\w$]+)+/ },
  {
    stack: 'Node.js',
    pattern:
      /(?:^|["'[>])[ \t]*at (?:async )?(?:new )?(?:[^\s()]+ )?(?:\[as [^\]\n]+\] )?\(?(?:file:\/\/[^()\s]+|node:[^()\s]+|[^()\s]+\.(?:[cm]?js|tsx?|jsx)):\d+:\d+\)?/m,
  },
  { stack: 'Python', pattern: /Traceback \(most recent call last\)/ },
  { stack: 'Python', pattern: /File "[^"\n]+", line \d+, in \S+/ },
  { stack: '.NET', pattern: /\bat [\w.`<>+[\],]+\([^()\n]*\) in [^\n]+?:line \d+/ },
  { stack: '.NET', pattern: /--- End of (?:inner exception )?stack trace/ },
  // Release builds drop file and line: two frames in a row still make a trace.
  {
    stack: '.NET',
    pattern:
      /^[ \t]*at [\w`<>+]+(?:\.[\w`<>+|]+)+\([^()\n]*\)[ \t]*\r?\n[ \t]*at [\w`<>+]+(?:\.[\w`<>+|]+)+\(/m,
  },
  { stack: 'PHP', pattern: /Stack trace:\s*#0 / },
  { stack: 'PHP', pattern: /^#\d+ (?:[^\n]*\.php\(\d+\): |\{main\})/m },
  { stack: 'PHP', pattern: /\bin [^\s"'<>]+\.php(?: on line |:)\d+/ },
  { stack: 'Go', pattern: /goroutine \d+ \[[^\]\n]+\]:/ },
  { stack: 'Go', pattern: /\.go:\d+ \+0x[0-9a-f]+/ },
  // Starts only where a path can start (the lookbehind): from every position inside a long token the
  // run would be scanned again, quadratic in a JWT's length.
  { stack: 'Ruby', pattern: /(?<![^\s'"([>])[^\s:'"`]+\.rb:\d+:in [`'‘]/ },
];

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** `&nbsp;`, `&amp;`, `&#32;`, `&#x20;` …: Express's error page escapes a stack and keeps its indent as `&nbsp;`. */
function htmlDecoded(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi,
    (whole, dec?: string, hex?: string, name?: string) => {
      if (dec !== undefined || hex !== undefined) {
        const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return HTML_ENTITIES[(name ?? '').toLowerCase()] ?? whole;
    },
  );
}

/**
 * The body as a reader of its strings sees it: JSON escapes (`\n`, `\t`, `\"`, `\u000a`) undone,
 * HTML entities decoded and HTML line breaks as newlines. Done on the text, not by parsing, so a trace in a body that is not
 * valid JSON is found too; done twice for a JSON document quoted inside a string member.
 */
function unescaped(text: string): string {
  let view = text;
  for (let round = 0; round < 2; round++) {
    view = view
      .replace(/\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g, (_, hex: string | undefined, c: string) =>
        hex ? String.fromCharCode(Number.parseInt(hex, 16)) : (JSON_ESCAPES[c] ?? c),
      )
      .replace(/<br\s*\/?>/gi, '\n');
    view = htmlDecoded(view);
  }
  return view;
}

function find(text: string) {
  for (const { stack, pattern } of STACK_TRACES) {
    const match = pattern.exec(text);
    if (match) return { stack, excerpt: match[0].trim() };
  }
  return undefined;
}

/** Error bodies must not expose internals (OWASP: improper error handling), wherever the trace sits. */
export const noStackTrace: Check = {
  name: 'no_stack_trace',
  run: ({ response }) => {
    const raw = find(response.text);
    // Nothing is escaped in a body without a backslash, a <br> or an entity: one pass is enough.
    const escaped =
      !raw && (response.text.includes('\\') || response.text.includes('&') || /<br/i.test(response.text));
    const found = raw ?? (escaped ? find(unescaped(response.text)) : undefined);
    if (!found) return [];
    const where = raw ? '' : ' inside an escaped string';
    return [
      {
        title: 'Stack trace in response',
        message: `Received: a ${found.stack} stack trace${where} (${JSON.stringify(found.excerpt.slice(0, 120))}) / Expected: no stack trace`,
        actual: response.text.slice(0, 300),
      },
    ];
  },
};
