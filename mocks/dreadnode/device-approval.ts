import { requestText } from '../core/body-limit.js';
import type { ExtraRoute } from '../core/profile.js';
import type { MockContext } from '../core/types.js';
import type { UserDirectory } from '../core/users.js';
import type { DeviceGrantStore } from './device-grants.js';
import { DEVICE_PAGE_PATH, type DevicePageView, devicePage, isFormPost } from './device-page.js';

/**
 * The page a person approves a device login on, served beside the API as the vendor's web app does:
 * a form for a code, or the confirmation for the code in the URL; the form approves the pending login
 * as the first configured user. `basePath` is the world's namespace prefix, for the page's forms.
 */
export function deviceApprovalRoutes(
  grants: DeviceGrantStore,
  users: UserDirectory,
  basePath: string,
): ExtraRoute[] {
  const page = (view: DevicePageView) => devicePage(view, basePath);
  const show = async (c: MockContext): Promise<Response> => {
    const code = c.req.query('code')?.trim();
    if (!code) return page({ kind: 'enter' });
    const grant = await grants.byUserCode(code);
    if (!grant) return page({ kind: 'unknown', userCode: code });
    if (grant.approvedBy !== undefined) {
      return page({ kind: 'approved', userCode: grant.userCode, approver: grant.approvedBy });
    }
    const approver = users.first();
    if (!approver) return page({ kind: 'no-approver' });
    return page({ kind: 'confirm', userCode: grant.userCode, approver: approver.username });
  };

  const approve = async (c: MockContext): Promise<Response> => {
    if (!isFormPost(c.req.header('content-type'))) return page({ kind: 'media-type' });
    const code = new URLSearchParams(await requestText(c)).get('code')?.trim();
    if (!code) return page({ kind: 'missing' });
    const grant = await grants.byUserCode(code);
    if (!grant) return page({ kind: 'unknown', userCode: code });
    const approver = grant.approvedBy ?? users.first()?.username;
    if (approver === undefined) return page({ kind: 'no-approver' });
    const approved = await grants.approve(grant, approver);
    return page({ kind: 'approved', userCode: grant.userCode, approver: approved.approvedBy ?? approver });
  };

  return [
    { method: 'GET', path: DEVICE_PAGE_PATH, operation: 'device-page', body: false, handle: show },
    { method: 'POST', path: DEVICE_PAGE_PATH, operation: 'device-page', body: true, handle: approve },
  ];
}
