import { requestText } from '../core/body-limit.js';
import type { ExtraRoute } from '../core/profile.js';
import type { MockContext } from '../core/types.js';
import type { UserDirectory } from '../core/users.js';
import type { DeviceGrants } from './device-grants.js';
import { DEVICE_PAGE_PATH, devicePage, isFormPost } from './device-page.js';

/**
 * The page a person approves a device login on, served beside the API as the vendor's web app does:
 * a form for a code, or the confirmation for the code in the URL; the form approves the pending login
 * as the first configured user.
 */
export function deviceApprovalRoutes(grants: DeviceGrants, users: UserDirectory): ExtraRoute[] {
  const show = (c: MockContext): Response => {
    const code = c.req.query('code')?.trim();
    if (!code) return devicePage({ kind: 'enter' });
    const grant = grants.byUserCode(code);
    if (!grant) return devicePage({ kind: 'unknown', userCode: code });
    if (grant.approvedBy !== undefined) {
      return devicePage({ kind: 'approved', userCode: grant.userCode, approver: grant.approvedBy });
    }
    const approver = users.first();
    if (!approver) return devicePage({ kind: 'no-approver' });
    return devicePage({ kind: 'confirm', userCode: grant.userCode, approver: approver.username });
  };

  const approve = async (c: MockContext): Promise<Response> => {
    if (!isFormPost(c.req.header('content-type'))) return devicePage({ kind: 'media-type' });
    const code = new URLSearchParams(await requestText(c)).get('code')?.trim();
    if (!code) return devicePage({ kind: 'missing' });
    const grant = grants.byUserCode(code);
    if (!grant) return devicePage({ kind: 'unknown', userCode: code });
    const approver = grant.approvedBy ?? users.first()?.username;
    if (approver === undefined) return devicePage({ kind: 'no-approver' });
    grant.approvedBy = approver;
    return devicePage({ kind: 'approved', userCode: grant.userCode, approver });
  };

  return [
    { method: 'GET', path: DEVICE_PAGE_PATH, operation: 'device-page', body: false, handle: show },
    { method: 'POST', path: DEVICE_PAGE_PATH, operation: 'device-page', body: true, handle: approve },
  ];
}
