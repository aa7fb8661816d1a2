import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { call, mockApp } from '../../../test/helpers/mock.js';
import { runProcess } from '../../../test/helpers/spawn.js';
import { ADMIN_INDEX, DASHBOARD_CSP, PAGE_DIR } from './dashboard.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8';

t.test('a browser gets the dashboard at /__admin and /__admin/, under its CSP', async (t) => {
  const mock = mockApp(t, ['vcf']);
  for (const path of ['/__admin', '/__admin/']) {
    const page = await call(mock, 'GET', path, { headers: { accept: BROWSER_ACCEPT } });
    t.equal(page.status, 200, path);
    t.match(page.headers.get('content-type'), /^text\/html/, `${path}: HTML`);
    t.equal(page.headers.get('content-security-policy'), DASHBOARD_CSP);
    t.equal(page.headers.get('x-content-type-options'), 'nosniff');
    t.match(page.headers.get('vary'), /Accept/);
    t.match(page.text, /<script type="module" src="\/__admin\/assets\/dashboard\.js"><\/script>/);
    t.notMatch(
      page.text,
      /<script>|<style>| style="| on[a-z]+="/,
      `${path}: no inline script, style or handler`,
    );
  }
  t.match(DASHBOARD_CSP, /script-src 'self'(;|$)/, 'scripts from the mock only, none inline');
  t.match(DASHBOARD_CSP, /frame-ancestors 'none'/);
});

t.test('a script asking /__admin for JSON (or anything) gets the index, never HTML', async (t) => {
  const mock = mockApp(t, ['vcf']);
  for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
    const reply = await call(mock, 'GET', '/__admin', accept === undefined ? {} : { headers: { accept } });
    t.equal(reply.status, 200, `Accept: ${accept}`);
    t.match(reply.headers.get('content-type'), /^application\/json/, `Accept: ${accept}: JSON`);
    t.same(reply.json, ADMIN_INDEX);
  }
});

t.test('the JSON routes under /__admin stay JSON when a browser asks for HTML', async (t) => {
  const mock = mockApp(t, ['vcf']);
  for (const path of [
    '/__admin/health',
    '/__admin/requests',
    '/__admin/faults',
    '/__admin/openapi/vcf.json',
  ]) {
    const reply = await call(mock, 'GET', path, { headers: { accept: BROWSER_ACCEPT } });
    t.equal(reply.status, 200, path);
    t.match(reply.headers.get('content-type'), /^application\/json/, `${path}: still JSON`);
  }
  const missing = await call(mock, 'GET', '/__admin/nothing', { headers: { accept: BROWSER_ACCEPT } });
  t.equal(missing.status, 404);
  t.match(missing.json, { error: { code: 'TOKENRIG_NOT_FOUND' } });
});

t.test('the page script and style are served as they are; nothing else is', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const script = await call(mock, 'GET', '/__admin/assets/dashboard.js');
  t.equal(script.status, 200);
  t.match(script.headers.get('content-type'), /^text\/javascript/);
  t.match(script.text, /new EventSource\(/);
  t.notMatch(
    script.text,
    /innerHTML|outerHTML|insertAdjacentHTML|document\.write/,
    'the script never parses markup',
  );
  const style = await call(mock, 'GET', '/__admin/assets/dashboard.css');
  t.equal(style.status, 200);
  t.match(style.headers.get('content-type'), /^text\/css/);
  for (const name of ['index.html', 'dashboard.test.ts', '..%2Fdashboard.ts', 'constructor', '__proto__']) {
    const reply = await call(mock, 'GET', `/__admin/assets/${name}`);
    t.equal(reply.status, 404, name);
    t.match(reply.json, { error: { code: 'TOKENRIG_NOT_FOUND' } }, `${name}: in the admin envelope`);
  }
});

t.test('CORS under /__admin is as before: the page route answers a cross-origin script too', async (t) => {
  const mock = mockApp(t, ['vcf']);
  const origin = 'http://localhost:5173';
  const reply = await call(mock, 'GET', '/__admin', { headers: { origin } });
  t.equal(reply.headers.get('access-control-allow-origin'), origin);
  const health = await call(mock, 'GET', '/__admin/health', { headers: { origin } });
  t.equal(health.headers.get('access-control-allow-origin'), origin);
});

t.test('the package ships every file of the page, so an installed tokenrig serves it too', async (t) => {
  // --ignore-scripts: packing would otherwise run `prepare`, a build under the other tests' feet.
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const pack = await runProcess('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
  t.equal(pack.code, 0, 'npm pack --dry-run', { stderr: pack.stderr });
  const [listing] = JSON.parse(pack.stdout) as { files: { path: string }[] }[];
  const packed = new Set(listing?.files.map((f) => f.path));
  const page = readdirSync(PAGE_DIR);
  t.same(page.sort(), ['dashboard.css', 'dashboard.js', 'index.html'], 'the page is these three files');
  for (const file of page)
    t.ok(packed.has(`mocks/admin/dashboard/page/${file}`), `${file} is in the package`);
});
