import t from 'tap';
import { consoleReporter } from './console.js';
import { htmlReporter } from './html.js';
import { REPORTER_NAMES, REPORTERS, resolveReporters, UnknownReporterError } from './index.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { tapReporter } from './tap.js';

t.test('every reporter is registered under its own name', (t) => {
  t.same(Object.keys(REPORTERS), [...REPORTER_NAMES]);
  for (const [name, reporter] of Object.entries(REPORTERS)) t.equal(reporter.name, name);
  t.end();
});

t.test('names resolve in the order given, each once', (t) => {
  t.same(resolveReporters(['junit', 'console', 'junit', 'html', 'console']), [
    junitReporter,
    consoleReporter,
    htmlReporter,
  ]);
  t.same(resolveReporters(['json', 'tap']), [jsonReporter, tapReporter]);
  t.same(resolveReporters([]), []);
  t.end();
});

t.test('an unknown name throws UnknownReporterError listing the known ones', (t) => {
  for (const bad of ['xml', 'JSON', 'toString', '__proto__', '']) {
    t.throws(
      () => resolveReporters(['console', bad]),
      {
        name: 'UnknownReporterError',
        reporter: bad,
        message: `unknown reporter "${bad}"; known reporters: console, json, junit, html, tap`,
      },
      bad,
    );
  }
  t.ok(
    (() => {
      try {
        resolveReporters(['xml']);
      } catch (error) {
        return error instanceof UnknownReporterError && error instanceof Error;
      }
      return false;
    })(),
    'a named Error subclass',
  );
  t.end();
});
