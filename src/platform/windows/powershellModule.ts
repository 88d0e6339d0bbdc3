/**
 * Node calling the PgCluster PowerShell module (through node-powershell), so that each Windows
 * action is written once, in the module: `mc_ctl register` on Windows is Register-PgMirroringService.
 * Parameters and results cross on the shell's stdin/stdout, never on a command line. A password
 * is not even in the script: Script Block Logging (event 4104) records script text, so it crosses
 * in an environment variable of the shell alone, which the script reads and removes first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgClusterError } from '../../errors.js';
import { VERSION } from '../../version.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** ps-module/PgCluster next to the compiled tree (dist/src/platform/windows -> repo root). */
export const SOURCE_TREE_MANIFEST = path.join(
  here,
  '..',
  '..',
  '..',
  '..',
  'ps-module',
  'PgCluster',
  'PgCluster.psd1',
);

/**
 * Which module the shell imports: a manifest by path (a source tree, or a test), or PgCluster by
 * name at exactly this helper's version, as the MSI installs it into the system module path.
 */
export type ModuleRef = { manifest: string } | { name: 'PgCluster'; version: string };

/** The source tree's manifest when there is one, else the installed module of the same version. */
export function locateModule(exists: (file: string) => boolean = existsSync): ModuleRef {
  return exists(SOURCE_TREE_MANIFEST)
    ? { manifest: SOURCE_TREE_MANIFEST }
    : { name: 'PgCluster', version: VERSION };
}

function importStatement(module: ModuleRef): string {
  return 'manifest' in module
    ? `Import-Module ${psLiteral(module.manifest)} -Force`
    : `Import-Module -FullyQualifiedName @{ ModuleName = ${psLiteral(module.name)}; RequiredVersion = ${psLiteral(module.version)} } -Force`;
}

function moduleNotFoundHint(module: ModuleRef): string {
  return 'manifest' in module
    ? `check that ${module.manifest} exists and imports in PowerShell`
    : `the PgCluster ${module.version} module must be in a PSModulePath folder (the installer puts it in ` +
        'C:\\Program Files\\WindowsPowerShell\\Modules); repair or reinstall PgCluster';
}

export type ParamValue = string | number | boolean | string[];

export interface ModuleCallOptions {
  /** powershell.exe, pwsh, or a full path; default: PGCLUSTER_POWERSHELL, else Windows PowerShell on Windows, pwsh elsewhere. */
  executable?: string;
  /** Default: locateModule(). */
  module?: ModuleRef;
  /** Becomes a [PSCredential] parameter named Credential; the password crosses in BRIDGE_PASSWORD_VARIABLE. */
  credential?: { user: string; password: string };
  timeoutMs?: number;
}

/** The shell's own environment variable that carries a credential's password (never the script text). */
export const BRIDGE_PASSWORD_VARIABLE = 'PGCLUSTER_BRIDGE_PASSWORD';

/** PowerShell single-quoted literal: quotes doubled, nothing else interpreted. */
export function psLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The script the shell runs: import the module, splat the parameters (switches as [switch]),
 * run the command with -ErrorAction Stop, and print one JSON line, the result or the error.
 * A module that does not import is answered as error PgCluster.MODULE_NOT_FOUND.
 */
export function buildModuleScript(
  command: string,
  params: Record<string, ParamValue>,
  module: ModuleRef,
  credentialUser?: string,
): string {
  if (!/^[A-Z][a-z]+-Pg[A-Za-z]+$/.test(command))
    throw new PgClusterError('INTERNAL', `"${command}" is not a PgCluster cmdlet name`);
  const lines = [
    "$ErrorActionPreference = 'Stop'",
    '$p = @{}',
    ...Object.entries(params).map(([name, value]) => {
      if (!/^[A-Za-z]+$/.test(name)) throw new PgClusterError('INTERNAL', `bad parameter name "${name}"`);
      if (typeof value === 'boolean') return `$p[${psLiteral(name)}] = [switch]$${value ? 'true' : 'false'}`;
      if (typeof value === 'number') return `$p[${psLiteral(name)}] = ${value}`;
      if (Array.isArray(value)) return `$p[${psLiteral(name)}] = @(${value.map(psLiteral).join(', ')})`;
      return `$p[${psLiteral(name)}] = ${psLiteral(value)}`;
    }),
  ];
  if (credentialUser !== undefined) {
    // Read, then removed from the shell's environment before any module code runs. An empty
    // password (a gMSA) is an empty SecureString: ConvertTo-SecureString refuses ''.
    const variable = `$env:${BRIDGE_PASSWORD_VARIABLE}`;
    lines.push(
      `$pw = [System.Security.SecureString]::new(); foreach ($ch in ([string]${variable}).ToCharArray()) { $pw.AppendChar($ch) }`,
      `Remove-Item -LiteralPath 'Env:${BRIDGE_PASSWORD_VARIABLE}' -ErrorAction SilentlyContinue`,
      `$p['Credential'] = [System.Management.Automation.PSCredential]::new(${psLiteral(credentialUser)}, $pw); $pw = $null`,
    );
  }
  const notFound =
    "@{ ok = $false; id = 'PgCluster.MODULE_NOT_FOUND'; message = 'could not import the PgCluster module: ' + " +
    `$_.Exception.Message + "\`nHINT: " + ${psLiteral(moduleNotFoundHint(module))} }`;
  lines.push(
    `$imported = $true; try { ${importStatement(module)} -ErrorAction Stop } catch { $imported = $false; ` +
      `'<<PGCLUSTER>>' + (ConvertTo-Json -InputObject ${notFound} -Compress) }`,
  );
  lines.push(
    `if ($imported) { try { $out = @(${command} @p -ErrorAction Stop -WarningAction SilentlyContinue); ` +
      "'<<PGCLUSTER>>' + (ConvertTo-Json -InputObject @{ ok = $true; result = $out } -Depth 6 -Compress) } " +
      'catch { $e = @{ ok = $false; id = $_.FullyQualifiedErrorId; message = $_.Exception.Message }; ' +
      "'<<PGCLUSTER>>' + (ConvertTo-Json -InputObject $e -Compress) } }",
  );
  // One line: PowerShell reading commands from stdin would wait for a blank line after a block.
  return lines.join('; ');
}

/** Error ids are PgCluster.<CODE>[,<command>]; the code is what Node's callers match on. */
export function parseModuleAnswer(raw: string, command: string): unknown[] {
  // The console may put escape sequences around lines: find the marker anywhere.
  const at = raw.lastIndexOf('<<PGCLUSTER>>');
  const line = at < 0 ? undefined : (raw.slice(at).split(/\r?\n/)[0] ?? '');
  if (!line)
    throw new PgClusterError('POWERSHELL_FAILED', `${command} gave no answer`, {
      where: raw.trim().slice(-500) || 'no output',
      hint: 'run the same cmdlet in PowerShell to see its full output',
    });
  const answer = JSON.parse(line.slice('<<PGCLUSTER>>'.length)) as {
    ok: boolean;
    result?: unknown;
    id?: string;
    message?: string;
  };
  if (answer.ok)
    return Array.isArray(answer.result) ? answer.result : answer.result == null ? [] : [answer.result];
  const code = /^PgCluster\.([^,]+)/.exec(answer.id ?? '')?.[1] ?? 'POWERSHELL_ERROR';
  const [what, hint] = (answer.message ?? '').split('\nHINT: ');
  throw new PgClusterError(code, `${command}: ${what ?? ''}`, hint ? { hint } : {});
}

function defaultExecutable(): string {
  return process.env.PGCLUSTER_POWERSHELL ?? (process.platform === 'win32' ? 'powershell.exe' : 'pwsh');
}

export async function invokeModuleCommand(
  command: string,
  params: Record<string, ParamValue>,
  opts: ModuleCallOptions = {},
): Promise<unknown[]> {
  const module = opts.module ?? locateModule();
  // Loaded lazily: only Windows code paths (and their tests) need a PowerShell.
  const { PowerShell } = await import('node-powershell');
  const shell = new PowerShell({
    executable: opts.executable ?? defaultExecutable(),
    executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
    invocationTimeout: opts.timeoutMs ?? 120_000,
    throwOnInvocationError: false,
    ...(opts.credential
      ? { spawnOptions: { env: { ...process.env, [BRIDGE_PASSWORD_VARIABLE]: opts.credential.password } } }
      : {}),
  });
  try {
    const result = await shell.invoke(buildModuleScript(command, params, module, opts.credential?.user));
    return parseModuleAnswer(result.raw, command);
  } catch (e) {
    if (e instanceof PgClusterError) throw e;
    throw new PgClusterError(
      'POWERSHELL_FAILED',
      `could not run ${command} in PowerShell: ${(e as Error).message}`,
      {
        hint: 'check that Windows PowerShell 5.1 or PowerShell 7 is installed (PGCLUSTER_POWERSHELL names another)',
      },
    );
  } finally {
    await shell.dispose().catch(() => undefined);
  }
}
