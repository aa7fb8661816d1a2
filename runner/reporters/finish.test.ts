import t from 'tap';
import { finishReporters } from './finish.js';
import { captureContext, fixture } from './fixture.js';
import type { Reporter } from './reporter.js';

const writer = (name: string, fail = false): Reporter => ({
  name,
  async finish() {
    if (fail) throw new Error(`${name}: disk full`);
    return [`out/${name}.txt`];
  },
});

t.test(
  'file reporters first, then the console with every file written, whatever the order given',
  async (t) => {
    const order: string[] = [];
    const seen: unknown[] = [];
    const consoleLike: Reporter = {
      name: 'console',
      last: true,
      async finish(_report, ctx) {
        order.push('console');
        seen.push(ctx.written);
        return [];
      },
    };
    const track = (r: Reporter): Reporter => ({
      ...r,
      finish: async (...a) => {
        order.push(r.name);
        return r.finish(...a);
      },
    });
    const written = await finishReporters(
      [consoleLike, track(writer('json')), track(writer('junit'))],
      fixture,
      () => captureContext('out'),
    );
    t.same(order, ['json', 'junit', 'console']);
    const expected = [
      { reporter: 'json', path: 'out/json.txt' },
      { reporter: 'junit', path: 'out/junit.txt' },
    ];
    t.same(seen, [expected]);
    t.same(written, expected);
  },
);

t.test(
  'a reporter that fails does not keep the others from finishing; its error is thrown after',
  async (t) => {
    const finished: string[] = [];
    const consoleLike: Reporter = {
      name: 'console',
      last: true,
      async finish(_report, ctx) {
        finished.push(`console saw ${ctx.written?.map((w) => w.reporter).join(',')}`);
        return [];
      },
    };
    await t.rejects(
      finishReporters([writer('json', true), writer('html'), consoleLike], fixture, () =>
        captureContext('out'),
      ),
      { message: 'json: disk full' },
    );
    t.same(finished, ['console saw html']);
  },
);
