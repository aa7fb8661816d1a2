import { Hono } from 'hono';
import { adminErrorHandler } from './admin-error.js';
import { clientReportResource } from './client-report.js';
import { clockResource } from './clock.js';
import type { AdminOptions, MockControl } from './control.js';
import { dashboardResource } from './dashboard/dashboard.js';
import { faultsResource } from './faults.js';
import { healthResource } from './health.js';
import { namespacesResource } from './namespaces.js';
import { openapiResource } from './openapi.js';
import { quirksResource } from './quirks.js';
import { requestsResource } from './requests.js';
import { resetResource } from './reset.js';
import { scenariosResource } from './scenarios.js';
import { sessionsResource } from './sessions.js';
import { usersResource } from './users.js';
import { verifyResource } from './verify.js';

/**
 * The mock's control plane under `/__admin`, one resource per file: state (reset, clock, users,
 * sessions), persistent faults, quirks, scenarios, the request journal (and its live feed), its verification and
 * the client report, the namespaces, the OpenAPI documents, and the dashboard page at `/__admin` itself.
 * Each namespace's world has its own, seeing that world only. Its own errors
 * use a plain `{error: {code, message}}`.
 */
export function createAdminApp(control: MockControl, options: AdminOptions): Hono {
  return new Hono()
    .onError(adminErrorHandler(control.services.logError))
    .route('/', dashboardResource())
    .route('/health', healthResource(control))
    .route('/reset', resetResource(control))
    .route('/clock', clockResource(control))
    .route('/users', usersResource(control, options))
    .route('/sessions', sessionsResource(control, options))
    .route('/faults', faultsResource(control))
    .route('/quirks', quirksResource(control))
    .route('/scenarios', scenariosResource(control))
    .route('/requests', requestsResource(control, options))
    .route('/verify', verifyResource(control, options))
    .route('/client-report', clientReportResource(control))
    .route('/namespaces', namespacesResource(control))
    .route('/openapi', openapiResource(control));
}
