import t from 'tap';
import { chooseNamespace, freshNamespace, namespaceHeaders } from './namespace.js';

const withNamespaces = { status: 'ok', namespace: null, namespaces: 0, maxNamespaces: 64 };
const olderMock = { status: 'ok' };

t.test(
  'a shared mock: the namespace named, else a fresh one; the embedded mock: only when named',
  async (t) => {
    const fresh = chooseNamespace({ given: undefined, embedded: false, health: withNamespaces });
    t.match(fresh, { kind: 'use', name: /^run-[0-9a-f]{12}$/, fresh: true });
    const again = chooseNamespace({ given: undefined, embedded: false, health: withNamespaces });
    t.not(again.kind === 'use' && again.name, fresh.kind === 'use' && fresh.name, 'never the same twice');
    t.same(chooseNamespace({ given: 'job-7', embedded: false, health: withNamespaces }), {
      kind: 'use',
      name: 'job-7',
      fresh: false,
    });
    t.same(chooseNamespace({ given: undefined, embedded: true, health: withNamespaces }), { kind: 'none' });
    t.same(chooseNamespace({ given: 'job-7', embedded: true, health: withNamespaces }), {
      kind: 'use',
      name: 'job-7',
      fresh: false,
    });
    t.same(
      chooseNamespace({ given: false, embedded: false, health: withNamespaces }),
      { kind: 'none' },
      '--no-namespace: the mock’s own world',
    );
  },
);

t.test('a target without namespaces: nothing to do, unless one was asked for', async (t) => {
  t.same(chooseNamespace({ given: undefined, embedded: false, health: undefined }), { kind: 'none' });
  t.match(chooseNamespace({ given: 'job-7', embedded: false, health: undefined }), {
    kind: 'ignore',
    warning: /--namespace job-7 ignored: the target is not a tokenrig mock/,
  });
  t.same(chooseNamespace({ given: undefined, embedded: false, health: olderMock }), { kind: 'none' });
  t.match(
    chooseNamespace({ given: 'job-7', embedded: false, health: olderMock }),
    { kind: 'refuse', reason: /without namespaces.*share its state/ },
    'a mock that cannot isolate the run is not pretended to',
  );
  t.same(chooseNamespace({ given: 'job-7', embedded: false, health: 'not an object' }).kind, 'refuse');
});

t.test('fresh names are valid mock names; the header only when there is a namespace', async (t) => {
  for (let i = 0; i < 20; i++) t.match(freshNamespace(), /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
  t.same(namespaceHeaders(undefined), {});
  t.same(namespaceHeaders('job-7'), { 'tokenrig-namespace': 'job-7' });
});
