import escapeHtml from 'escape-html';

/**
 * The page a person opens to approve a device login: `/account/device?code=<user_code>`, the URL the
 * vendor's CLI builds and opens in a browser (dreadnode/cli v0.2.2 `dreadnode_cli/api.py`,
 * `url_for_user_code`; `cli.py`, `login`). The CLI also prints the bare URL and asks the person to type
 * the code, so the page without a code is a form to enter one. Approval is a POST: opening a link
 * (a prefetch, a link preview) must never log anyone in (RFC 9110 §9.2.1, safe methods).
 */
export const DEVICE_PAGE_PATH = '/account/device';

export type DevicePageView =
  /** No code yet: a field to type the one the terminal shows. */
  | { readonly kind: 'enter' }
  /** A pending code: who will approve it, and the button. */
  | { readonly kind: 'confirm'; readonly userCode: string; readonly approver: string }
  | { readonly kind: 'approved'; readonly userCode: string; readonly approver: string }
  /** No pending login has this code: never issued, already exchanged, or expired. */
  | { readonly kind: 'unknown'; readonly userCode: string }
  /** A form posted without a code. */
  | { readonly kind: 'missing' }
  /** A POST that is not the page's form. */
  | { readonly kind: 'media-type' }
  | { readonly kind: 'no-approver' };

/**
 * Statuses: a code that names no pending login is 404 — the request is well formed, what it names does
 * not exist (any longer); 400 is kept for a form that carries no code at all, 415 for a body that is not
 * the form, 409 when no configured user is left to approve as.
 */
const STATUS: Readonly<Record<DevicePageView['kind'], number>> = {
  enter: 200,
  confirm: 200,
  approved: 200,
  unknown: 404,
  missing: 400,
  'media-type': 415,
  'no-approver': 409,
};

/** The page's own headers: no caching, nothing from elsewhere, no framing, no script. */
const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
} as const;

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}' +
  'code,input{font:1.25rem ui-monospace,monospace;letter-spacing:.1em}' +
  'input{padding:.3rem .5rem;width:12ch;text-transform:uppercase}button{font-size:1rem;padding:.4rem 1rem}' +
  '.error{color:#a00}.ok{color:#070}small{color:#666}';

/**
 * The answer for a view: a complete HTML document, every interpolated value escaped. Its forms post to
 * the page under `basePath`, the namespace prefix the person's browser reached it by (mocks/core/namespace.ts).
 */
export function devicePage(view: DevicePageView, basePath = ''): Response {
  return new Response(document(view, `${basePath}${DEVICE_PAGE_PATH}`), {
    status: STATUS[view.kind],
    headers: HEADERS,
  });
}

/** Only a form post is taken: what the page's own form sends. */
export function isFormPost(contentType: string | undefined): boolean {
  return /^application\/x-www-form-urlencoded(?:\s*;|$)/i.test(contentType ?? '');
}

function document(view: DevicePageView, page: string): string {
  const [title, body] = content(view, page);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Dreadnode (tokenrig mock)</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
<p><small>tokenrig mock of the Dreadnode platform: this page stands in for the vendor's device login page.</small></p>
</body>
</html>
`;
}

function content(view: DevicePageView, page: string): [string, string] {
  switch (view.kind) {
    case 'enter':
      return ['Log in a device', `<p>Enter the code your terminal shows.</p>${codeForm('', page)}`];
    case 'confirm':
      return [
        'Approve this device?',
        `<p>A device asks to log in with the code <code>${escapeHtml(view.userCode)}</code>.</p>
<p>It will act as <strong>${escapeHtml(view.approver)}</strong>.</p>
<form method="post" action="${page}"><input type="hidden" name="code" value="${escapeHtml(view.userCode)}">
<button type="submit">Approve</button></form>`,
      ];
    case 'approved':
      return [
        'Device approved',
        `<p class="ok">The login with the code <code>${escapeHtml(view.userCode)}</code> is approved as <strong>${escapeHtml(view.approver)}</strong>.</p>
<p>You can close this page; your terminal finishes the login by itself.</p>`,
      ];
    case 'unknown':
      return [
        'Unknown or expired code',
        `<p class="error">No pending login has the code <code>${escapeHtml(view.userCode)}</code>: it was never issued, has expired or has already been used.</p>
<p>Check the code, or start the login again in your terminal.</p>${codeForm(view.userCode, page)}`,
      ];
    case 'missing':
      return [
        'Code required',
        `<p class="error">Enter the code your terminal shows.</p>${codeForm('', page)}`,
      ];
    case 'media-type':
      return [
        'Not a form',
        '<p class="error">Send the code as the form <code>code=&lt;user code&gt;</code> (application/x-www-form-urlencoded).</p>',
      ];
    case 'no-approver':
      return [
        'No user to approve as',
        '<p class="error">The mock has no user left; add one through its admin API.</p>',
      ];
  }
}

function codeForm(value: string, page: string): string {
  return `<form method="get" action="${page}"><label>Code <input name="code" value="${escapeHtml(value)}" autocomplete="off" autofocus required></label>
<button type="submit">Continue</button></form>`;
}
