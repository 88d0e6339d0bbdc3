/**
 * mc_ctl's command line: `mc_ctl <mode> -M <dir> [options]`, each mode accepting exactly the options
 * the manual gives it (plus --local-server and --json everywhere). Parsing is pure; a usage error
 * is exit status 2 with a message naming the option and the mode.
 */
import { parseArgs } from 'node:util';
import { PgClusterError } from '../errors.js';

export const MODES = [
  'start',
  'stop',
  'status',
  'switch',
  'enable-failover',
  'disable-failover',
  'setup',
  'register',
  'unregister',
  'genkey',
  'fsm',
  'replay',
] as const;
export type Mode = (typeof MODES)[number];

type OptSpec = { type: 'string' | 'boolean'; short?: string };

const COMMON: Record<string, OptSpec> = {
  mcdir: { type: 'string', short: 'M' },
  'local-server': { type: 'string' },
  json: { type: 'boolean' },
};

const PER_MODE: Record<Mode, Record<string, OptSpec>> = {
  start: {
    wait: { type: 'boolean', short: 'w' },
    failover: { type: 'boolean', short: 'f' },
    'mc-only': { type: 'boolean' },
  },
  stop: {
    all: { type: 'boolean', short: 'a' },
    force: { type: 'boolean', short: 'e' },
    'mc-only': { type: 'boolean' },
  },
  status: { arbiter: { type: 'boolean' } },
  switch: { force: { type: 'boolean' } },
  'enable-failover': {},
  'disable-failover': {},
  setup: {
    role: { type: 'string', short: 'r' },
    user: { type: 'string', short: 'U' },
    host: { type: 'string', short: 'h' },
    port: { type: 'string', short: 'p' },
    'standby-name': { type: 'string' },
    password: { type: 'string', short: 'P' },
    'instance-port': { type: 'string' },
  },
  register: {
    wait: { type: 'boolean', short: 'w' },
    failover: { type: 'boolean', short: 'f' },
    password: { type: 'string', short: 'P' },
    'start-type': { type: 'string', short: 'S' },
  },
  unregister: {},
  genkey: { force: { type: 'boolean' } },
  fsm: { format: { type: 'string' } },
  replay: { file: { type: 'string' }, all: { type: 'boolean' } },
};

export interface Parsed {
  mode: Mode;
  mcDir: string;
  localServer?: string;
  json: boolean;
  flags: Record<string, boolean>;
  values: Record<string, string>;
}

function usage(what: string, hint = "run 'mc_ctl --help' for the modes and their options"): PgClusterError {
  return new PgClusterError('USAGE', what, { hint });
}

function optionName(name: string, spec: OptSpec): string {
  return spec.short ? `-${spec.short}` : `--${name}`;
}

export function parseCommandLine(argv: string[]): Parsed {
  const [modeArg, ...rest] = argv;
  if (!modeArg) throw usage('no mode given');
  if (!(MODES as readonly string[]).includes(modeArg)) {
    throw usage(`unknown mode '${modeArg}'`, `modes are: ${MODES.join(', ')}`);
  }
  const mode = modeArg as Mode;
  const options = { ...COMMON, ...PER_MODE[mode] };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: false });
  } catch (e) {
    const msg = (e as Error).message
      .replace(/\. To specify .*$/s, '')
      .replace(/^Unknown option/, 'unknown option');
    throw usage(
      `${mode}: ${msg}`,
      `options of ${mode}: ${Object.entries(options)
        .map(([n, s]) => optionName(n, s))
        .join(' ')}`,
    );
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const flags: Record<string, boolean> = {};
  const values: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'boolean') flags[k] = val;
    else if (typeof val === 'string') {
      if (val === '') throw usage(`${mode}: option ${optionName(k, options[k]!)} needs a value`);
      values[k] = val;
    }
  }
  const mcDir = values.mcdir ?? process.env.MCDIR;
  if (mode === 'replay' && !values.file) {
    throw usage('replay: the recording is required', 'give it with --file <server>.decisions.jsonl');
  }
  if (mode !== 'fsm' && mode !== 'replay' && !mcDir) {
    throw usage(
      `${mode}: the Mirroring Controller management directory is required`,
      'give it with -M <directory>',
    );
  }
  validateCombination(mode, flags, values);
  const out: Parsed = { mode, mcDir: mcDir ?? '', json: flags.json === true, flags, values };
  if (values['local-server']) out.localServer = values['local-server'];
  return out;
}

function validateCombination(
  mode: Mode,
  flags: Record<string, boolean>,
  values: Record<string, string>,
): void {
  if (mode === 'stop' && flags.force && (flags.all || flags['mc-only'])) {
    throw usage('stop: -e (force the controller down) cannot be combined with -a or --mc-only');
  }
  if (mode === 'setup') {
    if (values.role === undefined) throw usage('setup: -r standby is required');
    if (values.role !== 'standby')
      throw usage(`setup: -r ${values.role} is not supported; only -r standby builds a server`);
    if (!values.host) throw usage('setup: -h <primary host> is required');
    if (!values.port) throw usage('setup: -p <primary port> is required');
    for (const k of ['port', 'instance-port'] as const) {
      const p = values[k];
      if (p !== undefined && !(/^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= 65535)) {
        throw usage(`setup: ${k === 'port' ? '-p' : '--instance-port'} ${p} is not a port number (1-65535)`);
      }
    }
  }
  if (
    mode === 'register' &&
    values['start-type'] !== undefined &&
    !/^(a|auto|d|demand)$/.test(values['start-type'])
  ) {
    throw usage(`register: -S ${values['start-type']} is not a start type`, 'use -S auto or -S demand');
  }
  if (mode === 'fsm' && values.format !== undefined && !['markdown', 'dot', 'json'].includes(values.format)) {
    throw usage(`fsm: --format ${values.format} is unknown`, 'use --format markdown, dot or json');
  }
}

export const HELP = `mc_ctl: the Mirroring Controller command (PgCluster)

usage: mc_ctl <mode> -M <management directory> [--local-server <id>] [--json] [options]

modes:
  start              start the instance and its Mirroring Controller   [-w] [-f] [--mc-only]
  stop               stop them (on the standby: also disconnects it)   [-a | -e] [--mc-only]
  status             show the mirroring status and both servers        [--arbiter]
  switch             promote the standby, stopping the old primary     [--force]
  enable-failover    arm automatic switch and disconnection
  disable-failover   disarm them (monitoring goes on)
  setup              build this server as a standby of the primary
                     -r standby -h <primary host> -p <primary port> [-U <user>]
                     [--standby-name=<name>] [-P <password> | -P -] [--instance-port=<port>]
                     (-P - reads the password from standard input; or put it in PGPASSWORD:
                     both keep it out of the process list)
  register           install the controller as a service                [-w] [-f] [-P <password> | -P -] [-S auto|demand]
  unregister         remove that service
  genkey             write the admin-network key file mc.key            [--force]
  fsm                print the controller's state tables                 [--format markdown|dot|json]
  replay             explain a decision recording, decision by decision  --file <f> [--all]

exit status: 0 success, 1 failure, 2 usage error; status: 0 healthy and switchable, 1 degraded,
3 no controller answered (2 usage error)
`;
