/**
 * What the log says as a monitored resource's run of failures changes: each failed probe below
 * the limit is a warning ("failure n of m", so an operator sees trouble building up before any
 * action), and the first good probe after failures says it is normal again. Reaching the limit
 * is the decision's business (MCA00102 and the switch or disconnection it leads to), so failures
 * past it stay quiet: one outage writes at most `limit` warnings and one recovery line.
 */
import type { Resource } from './decide.js';

export type HealthEvent =
  | { id: 'MCA00101'; resource: Resource; server: string; detail: string; count: number; limit: number }
  | { id: 'MCA00103'; resource: Resource; server: string };

export interface FailureRun {
  resource: Resource;
  server: string;
  /** Consecutive failures before this probe, and after it (0 when it succeeded). */
  before: number;
  after: number;
  /** Failures in a row that make the resource abnormal (heartbeat_retry, at least 1). */
  limit: number;
  /** Why the probe failed, for the warning. */
  detail: string;
}

export function healthEvent(r: FailureRun): HealthEvent | undefined {
  if (r.after === 0) {
    return r.before > 0 ? { id: 'MCA00103', resource: r.resource, server: r.server } : undefined;
  }
  if (r.after > r.before && r.after <= r.limit) {
    return {
      id: 'MCA00101',
      resource: r.resource,
      server: r.server,
      detail: r.detail,
      count: r.after,
      limit: r.limit,
    };
  }
  return undefined;
}
