import t from 'tap';
import { exchange } from '../../test/helpers/exchange.js';
import type { AssertionContext } from './assertion.js';
import { headerExists, headerMatches, headers } from './header.js';

const context: AssertionContext = {
  severity: 'must',
  render: (v) => v,
  schemas: { has: () => false, get: () => undefined },
};
const reply = exchange({
  status: 200,
  headers: { 'cache-control': 'no-store' },
  setCookies: ['a=1; HttpOnly', 'b=2'],
});

t.test('exists: true fails on an absent header, false on a present one', async (t) => {
  t.equal(headerExists.problem('no-store', { name: 'x', exists: true }), undefined);
  t.equal(headerExists.problem(null, { name: 'x', exists: true }), 'is absent');
  t.equal(headerExists.problem(null, { name: 'x', exists: false }), undefined);
  t.equal(headerExists.problem('v', { name: 'x', exists: false }), 'is present');
});

t.test('matches: case-insensitive; an absent header never matches', async (t) => {
  t.equal(headerMatches.problem('No-Store', { name: 'x', matches: 'no-store' }), undefined);
  t.equal(headerMatches.problem('public', { name: 'x', matches: 'no-store' }), 'does not match /no-store/');
  t.equal(headerMatches.problem(null, { name: 'x', matches: '.*' }), 'does not match /.*/');
});

t.test(
  'headers: one failure per header, the first problem titled, Set-Cookie lines as one value',
  async (t) => {
    t.same(
      headers.run(
        reply,
        { headers: [{ name: 'Cache-Control', exists: true, matches: 'no-store' }] },
        context,
      ),
      [],
    );
    t.same(headers.run(reply, { headers: [{ name: 'set-cookie', matches: 'b=2' }] }, context), []);
    t.same(
      headers.run(
        reply,
        { headers: [{ name: 'pragma', exists: true, matches: 'no-cache', severity: 'should' }] },
        context,
      ),
      [
        {
          check: 'assertion',
          title: 'Header pragma is absent',
          message: 'Received: pragma: (absent) / Expected: matching /no-cache/',
          severity: 'should',
          actual: null,
        },
      ],
    );
    t.match(
      headers.run(
        reply,
        { headers: [{ name: 'cache-control', exists: false, title: 'Own title' }] },
        context,
      ),
      [
        {
          title: 'Own title',
          message: 'Received: cache-control: no-store / Expected: absent',
          severity: 'must',
        },
      ],
    );
  },
);
