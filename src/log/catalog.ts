/**
 * Every message the Mirroring Controller and mc_ctl write to the system log (Event Log on Windows),
 * with a stable number. MCA00062 is the number the manual gives for a completed promotion; the
 * rest are ours, grouped by hundreds:
 *   000xx  controller life cycle and role changes     001xx  failures detected
 *   002xx  automatic and manual actions               003xx  configuration and security
 *   004xx  admin network                              005xx  mc_ctl commands
 *   006xx  the arbiter and what controllers do with its answers
 */
export type MessageType = 'INFO' | 'LOG' | 'NOTICE' | 'WARNING' | 'ERROR' | 'FATAL' | 'PANIC';

/** Windows Event Log entry type for each message type (Information / Warning / Error). */
export const EVENT_LOG_TYPE: Record<MessageType, 'Information' | 'Warning' | 'Error'> = {
  INFO: 'Information',
  LOG: 'Information',
  NOTICE: 'Information',
  WARNING: 'Warning',
  ERROR: 'Error',
  FATAL: 'Error',
  PANIC: 'Error',
};

interface Entry {
  type: MessageType;
  /** Text with {name} placeholders. */
  text: string;
}

export const CATALOG = {
  MCA00001: {
    type: 'LOG',
    text: 'Mirroring Controller started: server {server}, role {role}, automatic failover {failover}',
  },
  MCA00002: { type: 'LOG', text: 'Mirroring Controller stopped: server {server}' },
  MCA00003: { type: 'LOG', text: 'instance started: data directory {dataDir}' },
  MCA00004: { type: 'LOG', text: 'instance stopped: data directory {dataDir} (mode {mode})' },
  MCA00005: { type: 'INFO', text: 'role of server {server} changed from {from} to {to}: {reason}' },
  MCA00006: { type: 'INFO', text: 'mirroring status changed from {from} to {to}: {reason}' },
  MCA00007: { type: 'LOG', text: 'automatic failover {state} on server {server}' },
  MCA00008: {
    type: 'INFO',
    text: 'detection time is {windowMs} ms: (heartbeat_interval {intervalMs} ms + heartbeat_timeout {timeoutS} s) x {retry}',
  },
  MCA00009: {
    type: 'NOTICE',
    text: 'standby {server} waits for the primary controller to answer; it will not promote on its own',
  },
  MCA00010: {
    type: 'FATAL',
    text: 'Mirroring Controller crashed: {detail}; crash report: {file}; the controller exits (its service, or mc_ctl start, starts it again)',
  },
  MCA00062: { type: 'LOG', text: 'promotion processing completed' },

  MCA00101: {
    type: 'WARNING',
    text: '{resource} of server {server} is abnormal ({detail}); failure {count} of {limit}',
  },
  MCA00102: { type: 'ERROR', text: '{resource} of server {server} failed: {detail}' },
  MCA00103: { type: 'INFO', text: '{resource} of server {server} is normal again' },
  MCA00104: {
    type: 'WARNING',
    text: 'lost contact with the controller of server {server} over the admin network while WAL still streams: treated as a network fault, no switch',
  },
  MCA00106: {
    type: 'ERROR',
    text: '{what} was detected on primary {server}, but this standby was not in sync at its last observation: it will not promote (commits could be lost); {hint}',
  },
  MCA00108: {
    type: 'ERROR',
    text: '{what} was detected on primary {server}, but this standby is not healthy itself: it will not take over; {hint}',
  },
  MCA00107: { type: 'WARNING', text: 'automatic switch abandoned: {detail}; {hint}' },
  MCA00105: {
    type: 'ERROR',
    text: 'automatic failover is disabled: {what} was detected on server {server} and no action was taken; {hint}',
  },

  MCA00201: { type: 'LOG', text: 'switch started: {reason}' },
  MCA00202: { type: 'LOG', text: 'instance of server {server} stopped to fence it before promotion' },
  MCA00203: {
    type: 'LOG',
    text: 'standby {standby} disconnected: removed from synchronous_standby_names on {server} and reloaded',
  },
  MCA00204: {
    type: 'LOG',
    text: 'standby {standby} is streaming in sync again: synchronous_standby_names on {server} set to {value}',
  },
  MCA00205: { type: 'FATAL', text: 'switch failed: {detail}; {hint}' },
  MCA00206: { type: 'FATAL', text: 'disconnection of standby {standby} failed: {detail}; {hint}' },
  MCA00207: { type: 'LOG', text: 'synchronous_standby_names commented out on the new primary {server}' },
  MCA00208: { type: 'WARNING', text: 'switch refused: {detail}' },
  MCA00209: {
    type: 'FATAL',
    text: 'server {peer} was promoted while this primary could not be reached: this server stops its instance (fenced) and must be rebuilt with mc_ctl setup',
  },
  MCA00210: {
    type: 'PANIC',
    text: 'both servers are primary and neither record shows which was promoted later: stop the applications, keep the server with the newer data, rebuild the other with mc_ctl setup',
  },

  MCA00211: { type: 'ERROR', text: '{reason}' },
  MCA00212: {
    type: 'WARNING',
    text: 'dropped replication slot {slot}: its standby is away and it held {heldMb} MB of WAL, more than replication_slot_max_wal ({limitMb} MB in {conf}); the standby catches up only if this server still has the WAL it needs, else it must be set up again (mc_ctl setup)',
  },

  MCA00301: { type: 'WARNING', text: '{what}' },
  MCA00302: { type: 'ERROR', text: '{what}' },
  MCA00303: {
    type: 'FATAL',
    text: 'server {server} was inactivated as primary by a switch and must not start as primary; {hint}',
  },
  MCA00304: {
    type: 'WARNING',
    text: 'a monitoring interval failed ({count} in a row): {detail}; failures are not acted on while this lasts (mc_ctl status shows it)',
  },
  MCA00305: { type: 'INFO', text: 'monitoring intervals complete again, after {count} failed' },

  MCA00401: { type: 'WARNING', text: 'refused an admin-network connection from {address}: {detail}' },
  MCA00402: {
    type: 'WARNING',
    text: 'clock of server {server} differs from this server by {skewMs} ms (more than 1 s)',
  },
  MCA00403: { type: 'INFO', text: 'admin network connection to server {server} established' },
  MCA00404: {
    type: 'ERROR',
    text: 'the controller of server {server} refuses this server ({detail}); the pair is not monitored: check that mc.key and network.conf are the same on both servers',
  },
  MCA00405: {
    type: 'WARNING',
    text: '{count} more admin-network connections from {address} were refused in {seconds} s (the last: {detail})',
  },
  MCA00406: {
    type: 'WARNING',
    text: "the controller of server {server} is alive but too busy to take this server's connection ({detail}); monitoring resumes once it takes it",
  },

  MCA00501: { type: 'LOG', text: 'mc_ctl {mode} started by {user}' },
  MCA00502: { type: 'ERROR', text: 'mc_ctl {mode} failed: {detail}' },

  MCA00601: {
    type: 'LOG',
    text: 'arbiter {arbiter} started: listening on {address} for servers {servers}; record epoch {epoch}, primary {primary}',
  },
  MCA00602: { type: 'LOG', text: 'arbiter {arbiter} stopped' },
  MCA00603: {
    type: 'INFO',
    text: 'arbiter granted server {server} the promotion in place of {primary} ({kind}); epoch {epoch}',
  },
  MCA00604: { type: 'WARNING', text: 'arbiter refused server {server} the promotion: {reason}' },
  MCA00605: {
    type: 'INFO',
    text: 'arbiter granted primary {server} to stop waiting for standby {standby}; epoch {epoch}',
  },
  MCA00606: {
    type: 'WARNING',
    text: 'arbiter refused primary {server} to stop waiting for standby {standby}: {reason}',
  },
  MCA00607: {
    type: 'PANIC',
    text: 'server {server} says it is primary but the arbiter knows {other} as the primary: check mc_ctl status on both servers, keep the one with the newer data and rebuild the other with mc_ctl setup',
  },
  MCA00610: {
    type: 'WARNING',
    text: 'the arbiter {arbiter} does not answer ({detail}): automatic switch and disconnection wait until it does',
  },
  MCA00611: { type: 'INFO', text: 'connection to the arbiter {arbiter} established' },
  MCA00612: {
    type: 'ERROR',
    text: '{what} was detected on primary {server}, but the arbiter did not confirm a switch ({reason}): this standby does not promote',
  },
  MCA00613: {
    type: 'ERROR',
    text: 'standby {server} is lost ({what}), but the arbiter did not confirm a disconnection ({reason}): commits keep waiting for the standby',
  },
  MCA00614: {
    type: 'FATAL',
    text: 'this primary reaches neither standby {server} nor the arbiter {arbiter}: it stops its instance so that it cannot accept writes, and starts it again once the arbiter confirms it is still the primary',
  },
  MCA00615: {
    type: 'LOG',
    text: 'the arbiter confirms this server is still the primary: its instance is started again',
  },
  MCA00616: {
    type: 'FATAL',
    text: 'the arbiter says server {server} was promoted in place of this primary: this server stops its instance (fenced) and must be rebuilt with mc_ctl setup',
  },
  MCA00620: { type: 'LOG', text: 'fencing command lets the {action} go ahead: {detail}' },
  MCA00621: { type: 'ERROR', text: 'the {action} was cancelled by the fencing command: {detail}; {hint}' },
} as const satisfies Record<string, Entry>;

export type MessageId = keyof typeof CATALOG;

/** Fills {placeholders}; a missing argument is left visible rather than hidden. */
export function renderMessage(id: MessageId, args: Record<string, string | number | boolean> = {}): string {
  return CATALOG[id].text.replace(/\{(\w+)\}/g, (m, k: string) => (k in args ? String(args[k]) : m));
}

/** The manual's display format: `eventSourceName[processId]: messageType: messageContent (messageNumber)`. */
export function formatDisplay(
  source: string,
  pid: number,
  id: MessageId,
  args: Record<string, string | number | boolean> = {},
): string {
  return `${source}[${pid}]: ${CATALOG[id].type}: ${renderMessage(id, args)} (${id})`;
}

/** The catalog as a Markdown table (docs/messages.md is this, checked by a test). */
export function renderCatalog(): string {
  const rows = Object.entries(CATALOG).map(
    ([id, e]) => `| ${id} | ${e.type} | ${EVENT_LOG_TYPE[e.type]} | ${e.text.replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Mirroring Controller messages',
    '',
    'Generated from `src/log/catalog.ts`. Each line in the log, the system log and the Windows Event Log reads',
    '`eventSourceName[processId]: messageType: messageContent (messageNumber)`.',
    '',
    '| number | type | Event Log | text |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
