// The tokenrig mock's dashboard: plain DOM, no library and no build step, served as it is written.
// Every value that comes from the admin API is put on the page as text (h() below makes text nodes,
// never markup), so a user name or a header that holds HTML shows as the characters it is. Every
// change goes through the admin API the page is served with; the page keeps no state of its own.

/** The admin API this page belongs to: `/__admin`, or whatever prefix served it. */
const BASE = location.pathname.replace(/\/+$/, '');
/** Journal rows kept on the page (the mock's ring may hold more; `GET /__admin/requests` has them all). */
const MAX_ROWS = 500;
/** Token families shown, newest first. */
const MAX_SESSIONS = 200;

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** One admin API call: the parsed JSON answer, or an ApiError carrying the API's own message. */
async function api(method, path, body) {
  const init = { method, cache: 'no-store', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${BASE}/${path}`, init);
  const text = await res.text();
  let data;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const error = data && typeof data === 'object' ? data.error : undefined;
    throw new ApiError(
      res.status,
      error?.code,
      error?.message ?? `${method} ${BASE}/${path} answered ${res.status}`,
    );
  }
  return data;
}

/**
 * An element with attributes and children. Strings and numbers become text nodes; `on<event>` props
 * are listeners; `href` only takes a URL checked by safeHref. Nothing here ever parses markup.
 */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'href') {
      const href = safeHref(value);
      if (href) el.setAttribute('href', href);
    } else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Links only to this mock (a path) or to an http(s) page; anything else (javascript:, data:) is no link. */
function safeHref(value) {
  try {
    const url = new URL(String(value), location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads one resource, dropping an answer overtaken by a later read or a change of the same resource:
 * a periodic read sent before a click must not paint the state from before it.
 */
const generations = new Map();
const STALE = Symbol('stale');
async function fresh(key, read) {
  const mine = (generations.get(key) ?? 0) + 1;
  generations.set(key, mine);
  const value = await read();
  return generations.get(key) === mine ? value : STALE;
}

const $ = (id) => document.getElementById(id);
const replace = (el, ...children) => {
  el.replaceChildren();
  append(el, children);
};

const state = {
  health: undefined,
  profiles: [],
  /** profile id → its OpenAPI document */
  openapi: new Map(),
  clock: undefined,
  /** performance.now() when the clock was read, to keep the shown time moving between reads */
  clockReadAt: 0,
  /** journal entries, newest first */
  journal: [],
  journalIds: new Set(),
  /** journal entries that arrived while paused */
  unseen: 0,
  sessions: [],
  openSessions: new Set(),
  openRequests: new Set(),
  /** scenario name → why the mock refused its last switch ('' once one is taken) */
  scenarioRefusals: new Map(),
};

// ---------- formatting ----------

const pad = (n, w = 2) => String(n).padStart(w, '0');
function wallTime(iso, ms = false) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return ms ? `${hms}.${pad(d.getUTCMilliseconds(), 3)}` : hms;
}
function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${wallTime(iso)} UTC`;
}
function duration(seconds) {
  if (seconds === 0) return 'none';
  const sign = seconds < 0 ? '−' : '+';
  let s = Math.abs(Math.round(seconds));
  const parts = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ]) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`);
  return sign + parts.join(' ');
}
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const short = (id) => (typeof id === 'string' && id.length > 10 ? `${id.slice(0, 8)}…` : String(id ?? ''));
const statusClass = (status) => `code s${String(status).charAt(0)}xx`;

function notice(message) {
  const el = $('notice');
  el.textContent = message;
  el.hidden = message === '';
}

/** Runs an admin call from a control; its refusal is shown, not thrown. */
async function act(what, run, where = undefined) {
  if (where) where.textContent = '';
  try {
    await run();
    notice('');
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    if (where) where.textContent = message;
    else notice(message);
  }
}

// ---------- status line ----------

async function loadHealth() {
  const health = await fresh('health', () => api('GET', 'health'));
  if (health === STALE) return;
  state.health = health;
  const hl = health;
  if (state.profiles.length === 0) {
    state.profiles = hl.profiles;
    await loadOpenapi();
  }
  const on = (names) => (Array.isArray(names) && names.length > 0 ? names.join(', ') : 'none');
  replace(
    $('status'),
    `${hl.profiles.join(', ')} · seed ${hl.seed} · up ${duration(hl.uptimeSeconds).slice(1)} · `,
    h('span', { id: 'status-sessions' }, plural(hl.sessions, 'session')),
    ' · ',
    h('span', { id: 'status-requests' }, plural(hl.requests, 'request')),
    ` · quirks: ${on(hl.quirks)}`,
    hl.scenarios === undefined ? '' : ` · scenarios: ${on(hl.scenarios)}`,
  );
}

// ---------- clock ----------

async function loadClock() {
  const clock = await fresh('clock', () => api('GET', 'clock'));
  if (clock === STALE) return;
  state.clock = clock;
  state.clockReadAt = performance.now();
  renderClock();
}

function renderClock() {
  const clock = state.clock;
  if (!clock) return;
  const now = new Date(Date.parse(clock.now) + (performance.now() - state.clockReadAt));
  const el = $('clock-now');
  el.textContent = dateTime(now.toISOString());
  el.setAttribute('datetime', now.toISOString());
  const offset = $('clock-offset');
  offset.textContent = duration(clock.offsetSeconds);
  offset.dataset.seconds = String(clock.offsetSeconds);
}

async function advance(seconds) {
  const clock = await fresh('clock', () => api('POST', 'clock', { advance: seconds }));
  if (clock === STALE) return;
  state.clock = clock;
  state.clockReadAt = performance.now();
  renderClock();
  // Tokens may have expired: what the families look like depends on the clock.
  await loadSessions();
}

// ---------- fault rules ----------

const FAULT_KINDS = ['reset', 'empty', 'malformed'];

async function loadFaults() {
  const rules = await fresh('faults', () => api('GET', 'faults'));
  if (rules === STALE) return;
  const rows = rules.map((rule) =>
    h(
      'tr',
      { dataset: { rule: rule.id } },
      h('td', {}, rule.id),
      h('td', {}, `${rule.profile ?? 'any profile'} · ${rule.operation ?? 'any operation'}`),
      h('td', {}, effectOf(rule)),
      h('td', {}, rule.remaining ?? '∞'),
      h('td', {}, rule.hits),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            'aria-label': `Remove ${rule.id}`,
            onclick: () =>
              act(`removing ${rule.id}`, async () => {
                await api('DELETE', `faults/${encodeURIComponent(rule.id)}`);
                await loadFaults();
              }),
          },
          'Remove',
        ),
      ),
    ),
  );
  replace(
    $('fault-rows'),
    rows.length
      ? rows
      : h(
          'tr',
          {},
          h(
            'td',
            { colspan: 6, class: 'muted' },
            'No fault rules: every request gets its documented answer.',
          ),
        ),
  );
}

function effectOf(rule) {
  const parts = [];
  if (rule.status !== undefined) parts.push(`status ${rule.status}`);
  if (rule.error !== undefined) parts.push(`error ${rule.error}`);
  if (rule.delay !== undefined) parts.push(`delay ${rule.delay} ms`);
  if (rule.fault !== undefined) parts.push(`fault ${rule.fault}`);
  if (rule.probability !== undefined) parts.push(`p=${rule.probability}`);
  return parts.join(', ');
}

/** The operations of a profile (or of all), from its OpenAPI document: id, method, path, statuses. */
function operationsOf(profile) {
  const ops = [];
  for (const [id, doc] of state.openapi) {
    if (profile && id !== profile) continue;
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {})) {
        if (!op || typeof op !== 'object' || !op.responses) continue;
        ops.push({
          profile: id,
          id: op.operationId ?? `${method} ${path}`,
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? '',
          statuses: Object.keys(op.responses),
        });
      }
    }
  }
  return ops;
}

function fillFaultForm() {
  const form = $('fault-form');
  const profile = form.elements.profile;
  if (profile.options.length === 1) {
    for (const id of state.profiles) profile.append(h('option', { value: id }, id));
  }
  const operation = form.elements.operation;
  const chosen = operation.value;
  const ops = operationsOf(profile.value);
  replace(
    operation,
    h('option', { value: '' }, 'any'),
    [...new Set(ops.map((o) => o.id))].map((id) => h('option', { value: id, selected: id === chosen }, id)),
  );
  const kind = form.elements.kind.value;
  const here = ops.filter((o) => !operation.value || o.id === operation.value);
  const values =
    kind === 'status'
      ? [...new Set(here.flatMap((o) => o.statuses))].filter((s) => /^\d+$/.test(s)).sort()
      : kind === 'fault'
        ? FAULT_KINDS
        : kind === 'delay'
          ? ['250', '1000', '5000']
          : [];
  replace(
    $('fault-values'),
    values.map((v) => h('option', { value: v })),
  );
  form.elements.value.type = kind === 'status' || kind === 'delay' ? 'number' : 'text';
}

function faultBody(form) {
  const body = {};
  const { profile, operation, kind, value, count, probability } = form.elements;
  if (profile.value) body.profile = profile.value;
  if (operation.value) body.operation = operation.value;
  const raw = value.value.trim();
  body[kind.value] = kind.value === 'status' || kind.value === 'delay' ? Number(raw) : raw;
  if (count.value !== '') body.count = Number(count.value);
  if (probability.value !== '') body.probability = Number(probability.value);
  return body;
}

// ---------- scenarios ----------

async function loadScenarios() {
  const list = $('scenario-list');
  let answer;
  try {
    answer = await fresh('scenarios', () => api('GET', 'scenarios'));
    if (answer === STALE) return;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'TOKENRIG_NOT_FOUND') {
      replace(list, h('li', { class: 'muted' }, 'This mock has no scenarios.'));
      return;
    }
    throw error;
  }
  const items = (answer.scenarios ?? []).map(scenarioItem);
  replace(list, items.length ? items : h('li', { class: 'muted' }, 'No scenarios defined.'));
}

/** One scenario: a switch, its value where it takes one, what it acts on; a refusal is shown beside it. */
function scenarioItem(s) {
  const error = h('p', { class: 'error', role: 'alert' }, state.scenarioRefusals.get(s.name) ?? '');
  const p = s.parameter;
  const value = p
    ? h('input', {
        type: 'number',
        min: p.min,
        max: p.max,
        step: p.integer ? 1 : 'any',
        value: s.active && s.value !== undefined ? s.value : p.default,
        'aria-label': `${s.name} ${p.name}`,
      })
    : null;
  const box = h('input', { type: 'checkbox', checked: s.active === true, 'aria-label': s.name });
  const apply = async (on) => {
    let refusal = '';
    try {
      const path = `scenarios/${encodeURIComponent(s.name)}`;
      if (!on) await api('DELETE', path);
      else await api('PUT', path, value && value.value !== '' ? { value: Number(value.value) } : {});
    } catch (error) {
      refusal = `${on ? 'not switched on' : 'not switched off'}: ${error instanceof Error ? error.message : error}`;
    }
    // Kept across the re-read below, which draws the list again from the mock's word.
    state.scenarioRefusals.set(s.name, refusal);
    await act('reading the scenarios', () => Promise.all([loadScenarios(), loadHealth()]));
  };
  box.addEventListener('change', () => apply(box.checked));
  // A new value for a running scenario restarts it with that value.
  value?.addEventListener('change', () => {
    if (box.checked) apply(true);
  });
  const notOn = Array.isArray(s.notOn) ? s.notOn : [];
  return h(
    'li',
    { dataset: { scenario: s.name }, class: s.active ? 'on' : undefined },
    h(
      'label',
      {},
      box,
      h('strong', {}, s.name),
      value ? [' ', value, ' ', h('span', { class: 'muted small' }, p.name)] : null,
    ),
    h('span', {}, s.summary ?? ''),
    Array.isArray(s.profiles) && s.profiles.length
      ? h('span', { class: 'muted small' }, `acts on ${s.profiles.join(', ')}`)
      : null,
    notOn.length
      ? h(
          'span',
          { class: 'muted small' },
          `not on ${notOn.map((n) => `${n.profile} (${n.reason})`).join('; ')}`,
        )
      : null,
    error,
  );
}

// ---------- quirks ----------

async function loadQuirks() {
  const quirks = await fresh('quirks', () => api('GET', 'quirks'));
  if (quirks === STALE) return;
  const items = quirks.map((q) =>
    h(
      'li',
      { dataset: { quirk: q.name } },
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          checked: q.enabled === true,
          onchange: (event) =>
            act(`switching ${q.name}`, async () => {
              await api(event.target.checked ? 'PUT' : 'DELETE', `quirks/${encodeURIComponent(q.name)}`);
              await Promise.all([loadQuirks(), loadHealth()]);
            }),
        }),
        h('strong', {}, q.name),
      ),
      h('span', {}, q.summary ?? ''),
      h(
        'details',
        { class: 'small' },
        h('summary', {}, 'what it breaks, and the evidence'),
        q.breaks ? h('p', { class: 'muted' }, `breaks: ${q.breaks}`) : null,
        Array.isArray(q.evidence) && q.evidence.length
          ? h(
              'ul',
              {},
              q.evidence.map((e) =>
                h('li', {}, evidenceLink(e), e.what ? h('span', { class: 'muted' }, ` — ${e.what}`) : null),
              ),
            )
          : null,
      ),
    ),
  );
  replace(
    $('quirk-list'),
    items.length ? items : h('li', { class: 'muted' }, 'The mounted profiles have no quirks.'),
  );
}

function evidenceLink(e) {
  const text = `${e.repository ?? ''} ${e.file ?? ''}`.trim();
  const repo = /^[\w.-]+\/[\w.-]+$/.test(e.repository ?? '') ? e.repository : undefined;
  if (!repo || typeof e.file !== 'string') return text;
  const file = e.file.split('/').map(encodeURIComponent).join('/');
  return h(
    'a',
    {
      href: `https://github.com/${repo}/blob/HEAD/${file}`,
      title: e.what ?? '',
      rel: 'noreferrer',
      target: '_blank',
    },
    text,
  );
}

// ---------- sessions (token families) ----------

async function loadSessions() {
  const sessions = await fresh('sessions', () => api('GET', 'sessions'));
  if (sessions === STALE) return;
  state.sessions = sessions;
  renderSessions();
}

function renderSessions() {
  const now = state.clock
    ? Date.parse(state.clock.now) + (performance.now() - state.clockReadAt)
    : Date.now();
  const rows = [];
  // The family's requests on the page, oldest first, gathered in one pass over the journal.
  const bySession = new Map();
  for (const e of state.journal) {
    if (e.session === undefined) continue;
    if (!bySession.has(e.session)) bySession.set(e.session, []);
    bySession.get(e.session).unshift(e);
  }
  // Newest first, and not all of them: a load test leaves thousands of families in the mock.
  const shown = state.sessions.slice(-MAX_SESSIONS).reverse();
  for (const s of shown) {
    const history = bySession.get(s.id) ?? [];
    const refreshes = history.filter((e) => e.operation === 'refresh');
    const ok = refreshes.filter((e) => e.status < 300).length;
    const stateText = s.revoked
      ? `revoked${s.revokedReason ? ` (${s.revokedReason})` : ''}`
      : Date.parse(s.expiresAt) <= now
        ? 'expired'
        : `active, refresh token expires in ${duration((Date.parse(s.expiresAt) - now) / 1000).slice(1)}`;
    const open = state.openSessions.has(s.id);
    rows.push(
      h(
        'tr',
        { dataset: { session: s.id }, class: s.revoked ? 'revoked' : undefined },
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              title: s.id,
              'aria-expanded': String(open),
              onclick: () => {
                if (open) state.openSessions.delete(s.id);
                else state.openSessions.add(s.id);
                renderSessions();
              },
            },
            short(s.id),
          ),
        ),
        h('td', {}, s.profile),
        h('td', { class: 'user' }, s.username),
        h('td', { title: s.createdAt }, wallTime(s.createdAt)),
        h('td', { title: (s.refreshTokens ?? []).join('\n') }, (s.refreshTokens ?? []).length),
        h('td', {}, refreshes.length ? `${ok} ok, ${refreshes.length - ok} refused` : '–'),
        h('td', { class: 'state', title: `expires ${dateTime(s.expiresAt)}` }, stateText),
        h(
          'td',
          {},
          s.revoked
            ? null
            : h(
                'button',
                {
                  type: 'button',
                  class: 'small danger',
                  'aria-label': `Revoke ${s.id}`,
                  onclick: () =>
                    act('revoking the session', async () => {
                      await api('DELETE', `sessions/${encodeURIComponent(s.id)}`);
                      await loadSessions();
                    }),
                },
                'Revoke',
              ),
        ),
      ),
    );
    if (open) {
      const steps = history.map((e) =>
        h(
          'li',
          {},
          h('span', { class: statusClass(e.status) }, e.status),
          ` ${wallTime(e.time, true)} ${e.operation ?? e.path} #${e.id}`,
        ),
      );
      rows.push(
        h(
          'tr',
          { class: 'details' },
          h(
            'td',
            { colspan: 8 },
            h(
              'p',
              { class: 'muted small' },
              `${s.id} · refresh tokens (newest last): ${(s.refreshTokens ?? []).join(', ')}`,
            ),
            steps.length
              ? h('ol', { class: 'timeline' }, steps)
              : h('p', { class: 'muted' }, 'No request of this family is on the page.'),
          ),
        ),
      );
    }
  }
  replace(
    $('session-rows'),
    rows.length
      ? rows
      : h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No sessions yet: log in with a client.')),
  );
  const hidden = state.sessions.length - shown.length;
  $('sessions-more').textContent =
    hidden > 0 ? `and ${hidden} older sessions (GET ${BASE}/sessions lists them all)` : '';
}

// ---------- client report ----------

async function loadReport() {
  let report;
  try {
    report = await fresh('report', () => api('GET', 'client-report'));
    if (report === STALE) return;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'TOKENRIG_NOT_FOUND') {
      $('report-summary').textContent = 'This mock has no client report.';
      return;
    }
    throw error;
  }
  const findings = Array.isArray(report.findings) ? report.findings : [];
  replace(
    $('report-summary'),
    `${report.requestsSeen} requests seen, ${findings.length} finding${findings.length === 1 ? '' : 's'} (at ${wallTime(report.generatedAt)})`,
    report.complete === false
      ? h(
          'strong',
          { class: 'warn' },
          ' · the journal dropped requests the rules need: findings may be missing',
        )
      : '',
  );
  const items = findings.map((f) =>
    h(
      'li',
      { dataset: { finding: f.rule ?? '' }, class: `finding ${f.severity === 'must' ? 'must' : 'should'}` },
      h('span', { class: 'severity' }, f.severity),
      h('strong', {}, f.title),
      h(
        'span',
        { class: 'muted' },
        ` ${f.profile ?? ''}${f.session ? ` · session ${short(f.session)}` : ''} · ${f.rule ?? ''}`,
      ),
      h('p', {}, f.message),
      Array.isArray(f.evidence) && f.evidence.length
        ? h(
            'p',
            { class: 'small' },
            'requests: ',
            f.evidence.map((e, i) => [
              i ? ', ' : '',
              h(
                'button',
                { type: 'button', class: 'link', title: e.time, onclick: () => showRequest(e.request) },
                `#${e.request}`,
              ),
            ]),
          )
        : null,
      f.reference
        ? h(
            'p',
            { class: 'small' },
            'see ',
            f.reference.url
              ? h('a', { href: f.reference.url, rel: 'noreferrer', target: '_blank' }, f.reference.title)
              : f.reference.title,
          )
        : null,
    ),
  );
  replace(
    $('finding-list'),
    items.length
      ? items
      : h('li', { class: 'muted' }, 'No findings: the client has handled its tokens right so far.'),
  );
}

// ---------- request journal ----------

function journalShown() {
  const profile = $('journal-profile').value;
  return state.journal.filter((e) => !profile || e.profile === profile);
}

function requestRows(e) {
  const open = state.openRequests.has(e.id);
  const what = e.profile ? `${e.profile}.${e.operation ?? '?'}` : '–';
  const mark = e.fault ? ` fault=${e.fault}` : e.forced ? ` forced by ${e.forced.by}` : '';
  const row = h(
    'tr',
    {
      dataset: { request: e.id },
      class: 'request',
      tabindex: 0,
      'aria-expanded': String(open),
      onclick: () => toggleRequest(e.id),
      onkeydown: (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          toggleRequest(e.id);
        }
      },
    },
    h('td', {}, e.id),
    h('td', { title: e.time }, wallTime(e.time, true)),
    h(
      'td',
      { class: 'path' },
      h('strong', {}, e.method),
      ' ',
      e.path,
      e.query ? h('span', { class: 'muted' }, e.query) : '',
    ),
    h(
      'td',
      {},
      h('span', { class: statusClass(e.status) }, e.status),
      mark ? h('span', { class: 'muted small' }, mark) : '',
    ),
    h('td', {}, what),
    h('td', { title: e.session ?? '' }, short(e.session)),
    h('td', {}, e.durationMs),
  );
  if (!open) return [row];
  const headers = Object.entries(e.requestHeaders ?? {}).map(([name, value]) =>
    h('tr', {}, h('th', {}, name), h('td', {}, Array.isArray(value) ? value.join(', ') : value)),
  );
  return [
    row,
    h(
      'tr',
      { class: 'details' },
      h('td', { colspan: 7 }, h('table', { class: 'headers' }, h('tbody', {}, headers))),
    ),
  ];
}

function toggleRequest(id) {
  if (state.openRequests.has(id)) state.openRequests.delete(id);
  else state.openRequests.add(id);
  renderJournal();
}

function showRequest(id) {
  state.openRequests.add(id);
  $('journal-profile').value = '';
  renderJournal();
  const row = document.querySelector(`tr[data-request="${Number(id)}"]`);
  if (row) {
    row.scrollIntoView({ block: 'center' });
    row.classList.add('flash');
    setTimeout(() => row.classList.remove('flash'), 1500);
  } else notice(`request #${id} is no longer on the page`);
}

function renderJournal() {
  const shown = journalShown();
  const rows = shown.flatMap(requestRows);
  replace(
    $('journal-rows'),
    rows.length ? rows : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No requests yet.')),
  );
  const total = state.health ? ` of ${state.health.requests} since start` : '';
  $('journal-count').textContent =
    `${shown.length} shown${total}${state.unseen ? ` · ${state.unseen} new while paused` : ''}`;
}

/** One repaint per frame however fast requests arrive (a load test sends thousands a second). */
let painting = false;
function paintJournal() {
  if (painting) return;
  painting = true;
  requestAnimationFrame(() => {
    painting = false;
    renderJournal();
  });
}

function addRequest(entry) {
  if (state.journalIds.has(entry.id)) return;
  state.journalIds.add(entry.id);
  state.journal.unshift(entry);
  while (state.journal.length > MAX_ROWS) {
    const dropped = state.journal.pop();
    state.journalIds.delete(dropped.id);
    state.openRequests.delete(dropped.id);
  }
}

function clearJournal() {
  state.journal = [];
  state.journalIds.clear();
  state.openRequests.clear();
  state.unseen = 0;
  renderJournal();
}

async function loadJournal() {
  const answer = await api('GET', `requests?limit=${MAX_ROWS}`);
  clearJournal();
  for (const e of [...answer.requests].reverse()) addRequest(e);
  renderJournal();
  return state.journal[0]?.id ?? 0;
}

/** The live feed: each request as the mock records it; an EventSource reconnects with Last-Event-ID. */
function follow(since) {
  const live = $('live');
  const source = new EventSource(`${BASE}/requests/stream?since=${since}`);
  source.addEventListener('open', () => {
    live.textContent = 'live';
    live.className = 'live on';
  });
  source.addEventListener('error', () => {
    live.textContent = source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting…';
    live.className = 'live';
  });
  source.addEventListener('request', (event) => {
    addRequest(JSON.parse(event.data));
    if ($('journal-pause').checked) state.unseen++;
    else paintJournal();
    soon();
  });
  source.addEventListener('clear', () => {
    clearJournal();
    soon();
  });
}

/** What a request can change (sessions, rule hits, the report, counts), re-read at most every 400 ms. */
let pending;
function soon() {
  if (pending) return;
  pending = setTimeout(async () => {
    pending = undefined;
    await act('refreshing', () => Promise.all([loadHealth(), loadSessions(), loadFaults(), loadReport()]));
    renderJournal();
  }, 400);
}

// ---------- OpenAPI ----------

async function loadOpenapi() {
  await Promise.all(
    state.profiles.map(async (id) => {
      state.openapi.set(id, await api('GET', `openapi/${encodeURIComponent(id)}.json`));
    }),
  );
  const items = state.profiles.map((id) => {
    const doc = state.openapi.get(id);
    const table = h(
      'table',
      { class: 'grid', hidden: true },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'operation'),
          h('th', {}, 'request'),
          h('th', {}, 'summary'),
          h('th', {}, 'statuses'),
        ),
      ),
      h(
        'tbody',
        {},
        operationsOf(id).map((o) =>
          h(
            'tr',
            {},
            h('td', {}, o.id),
            h('td', { class: 'path' }, h('strong', {}, o.method), ' ', o.path),
            h('td', {}, o.summary),
            h('td', {}, o.statuses.join(' ')),
          ),
        ),
      ),
    );
    return h(
      'li',
      { dataset: { profile: id } },
      h('strong', {}, id),
      ' ',
      h('span', { class: 'muted' }, doc?.info?.title ?? ''),
      ' ',
      h(
        'a',
        { href: `${BASE}/openapi/${encodeURIComponent(id)}.json`, target: '_blank', rel: 'noreferrer' },
        `${id}.json`,
      ),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: (event) => {
            table.hidden = !table.hidden;
            event.target.textContent = table.hidden ? 'View operations' : 'Hide operations';
          },
        },
        'View operations',
      ),
      table,
    );
  });
  replace($('openapi-list'), items);
  const select = $('journal-profile');
  for (const id of state.profiles) select.append(h('option', { value: id }, id));
  fillFaultForm();
}

// ---------- wiring ----------

function wire() {
  const steps = [
    ['+1 min', 60],
    ['+5 min', 300],
    ['+1 h', 3600],
    ['+1 day', 86_400],
  ];
  replace(
    $('clock-steps'),
    steps.map(([label, seconds]) =>
      h(
        'button',
        {
          type: 'button',
          dataset: { advance: seconds },
          onclick: () => act('advancing the clock', () => advance(seconds)),
        },
        label,
      ),
    ),
  );
  $('clock-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = event.target.elements.seconds;
    act('advancing the clock', async () => {
      await advance(Number(input.value));
      input.value = '';
    });
  });

  const form = $('fault-form');
  const formError = h('p', { class: 'error', role: 'alert' });
  form.append(formError);
  for (const name of ['profile', 'operation', 'kind'])
    form.elements[name].addEventListener('change', fillFaultForm);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(
      'adding the rule',
      async () => {
        await api('POST', 'faults', faultBody(form));
        form.elements.value.value = '';
        await loadFaults();
      },
      formError,
    );
  });
  $('faults-clear').addEventListener('click', () =>
    act('removing the rules', async () => {
      await api('DELETE', 'faults');
      await loadFaults();
    }),
  );

  $('journal-profile').addEventListener('change', renderJournal);
  $('journal-pause').addEventListener('change', (event) => {
    if (!event.target.checked) {
      state.unseen = 0;
      renderJournal();
    }
  });
  $('journal-clear').addEventListener('click', () =>
    act('clearing the journal', () => api('DELETE', 'requests')),
  );
  $('reset').addEventListener('click', () =>
    act('resetting the mock', async () => {
      await api('POST', 'reset');
      await refreshAll();
    }),
  );
}

async function refreshAll() {
  await loadHealth();
  await Promise.all([loadClock(), loadFaults(), loadScenarios(), loadQuirks(), loadReport()]);
  await loadSessions();
}

async function start() {
  wire();
  await act('loading the dashboard', async () => {
    await refreshAll();
    const since = await loadJournal();
    renderSessions();
    follow(since);
  });
  setInterval(renderClock, 1000);
  // Uptime, expiries and the clock move without requests: re-read them now and then while visible.
  setInterval(() => {
    if (!document.hidden) act('refreshing', () => Promise.all([loadHealth(), loadClock(), loadSessions()]));
  }, 5000);
  document.documentElement.dataset.ready = 'true';
}

start();
