import type { MockApp } from './app.js';
import type { StoreTarget } from './core/redis-connection.js';

/**
 * What `tokenrig mock` prints once it listens: where, with which seed, what is mounted, and everything
 * in force that a client would not meet at the vendors' documented defaults (settings, quirks,
 * scenarios), so that
 * nobody debugs a client against a `--set vcf.loginStatus=201` they forgot they gave.
 */
export function mockBanner(
  mock: MockApp,
  url: string,
  { store = { kind: 'memory' }, workers = 1 }: { store?: StoreTarget; workers?: number } = {},
): string {
  const lines = [`tokenrig mock listening on ${url} (seed ${mock.seed})`];
  // The address only: a URL's password is a secret, and it is in the process's own arguments anyway.
  const where =
    store.kind === 'memory'
      ? 'memory (this process only)'
      : `redis at ${store.address}, database ${store.database} (shared by every process pointed at it)`;
  lines.push(`  store: ${where}${workers > 1 ? `; ${workers} worker processes on this port` : ''}`);
  for (const id of mock.profiles) {
    const ops = [...(mock.contracts.get(id)?.operations.values() ?? [])];
    lines.push(`  ${id.padEnd(16)} ${ops.map((o) => `${o.method} ${o.path}`).join(', ')}`);
  }
  lines.push(`  ${'admin'.padEnd(16)} ${url}/__admin/health, ${url}/__admin/openapi/<profile>.json`);
  lines.push(`  ${'dashboard'.padEnd(16)} ${url}/__admin (open it in a browser)`);
  lines.push(
    mock.namespaces.max === 0
      ? '  namespaces: off'
      : `  namespaces: up to ${mock.namespaces.max}, by a Tokenrig-Namespace header or ${url}/__ns/<name>/…`,
  );
  if (mock.settings.length === 0) lines.push('  settings: profile defaults');
  for (const s of mock.settings) {
    lines.push(`  setting ${s.name}=${s.value} (default ${s.default}, from ${s.source})`);
  }
  const quirks = mock.services.quirks.list().filter((q) => q.enabled);
  if (quirks.length === 0) lines.push('  quirks: none (documented behaviour)');
  else for (const q of quirks) lines.push(`  quirk ${q.name}: ${q.summary}`);
  const scenarios = mock.services.scenarios;
  const states = new Map(scenarios.list().map((s) => [s.name, s]));
  const active = scenarios.describeActive();
  if (active.length === 0) lines.push('  scenarios: none');
  for (const [i, name] of scenarios.enabled().entries()) {
    const state = states.get(name);
    const notOn = state?.notOn.length ? ` (not on ${state.notOn.map((n) => n.profile).join(', ')})` : '';
    lines.push(`  scenario ${active[i]}: ${state?.summary}${notOn}`);
  }
  lines.push(
    `  users: ${mock.services.users
      .list()
      .map((u) => u.username)
      .join(', ')}`,
  );
  return lines.join('\n');
}
