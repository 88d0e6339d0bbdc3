/**
 * The one seam to Windows file security: runs pgcluster-acl.exe (installer/acl-tool) and reads
 * its answer. Parsing is pure (parseAclToolOutput) and tested on outputs captured from the real
 * program; only run() touches the system.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgClusterError } from '../../errors.js';
import { parseSddl, SddlError, type SecurityDescriptor } from './sddl.js';

export interface Account {
  sid: string;
  /** DOMAIN\name, or '' when the SID has no name here (a deleted account). */
  name: string;
}

export interface AclToolAnswer {
  /** The account the tool (and so this process) runs as. */
  user: Account;
  sd?: SecurityDescriptor;
  sddl?: string;
  /** Names of the SIDs in the descriptor, or of the account asked for with "sid". */
  names: Map<string, string>;
  error?: { code: number; text: string };
}

/** Win32 errors that mean "there is no such file", not "cannot look". */
export const NOT_FOUND_ERRORS: ReadonlySet<number> = new Set([2, 3, 15, 53, 67, 123, 161]);

export function parseAclToolOutput(output: string): AclToolAnswer {
  let user: Account | undefined;
  const names = new Map<string, string>();
  const answer: Partial<AclToolAnswer> = {};
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const f = line.split('\t');
    if (f[0] === 'user' && f.length >= 2) user = { sid: f[1]!.toUpperCase(), name: f[2] ?? '' };
    else if (f[0] === 'name' && f.length >= 2) names.set(f[1]!.toUpperCase(), f[2] ?? '');
    else if (f[0] === 'sddl' && f.length === 2) {
      answer.sddl = f[1]!;
      try {
        answer.sd = parseSddl(f[1]!);
      } catch (e) {
        if (e instanceof SddlError)
          throw new Error(`pgcluster-acl.exe printed a descriptor that cannot be read: ${e.message}`, {
            cause: e,
          });
        throw e;
      }
    } else if (f[0] === 'error' && f.length >= 3)
      answer.error = { code: Number(f[1]), text: f.slice(2).join(' ').trim() };
    else throw new Error(`pgcluster-acl.exe printed an unexpected line: "${line}"`);
  }
  if (!user) throw new Error(`pgcluster-acl.exe did not say which account it runs as: "${output.trim()}"`);
  return { ...answer, user, names };
}

/** Where the tool is: PGCLUSTER_ACL_TOOL, the installed app\bin, or a source tree's dist\windows. */
export function aclToolCandidates(env: NodeJS.ProcessEnv, moduleDir: string): string[] {
  const root = path.resolve(moduleDir, '..', '..', '..', '..'); // dist/src/platform/windows -> root
  return [
    ...(env.PGCLUSTER_ACL_TOOL ? [env.PGCLUSTER_ACL_TOOL] : []),
    path.join(root, 'bin', 'pgcluster-acl.exe'),
    path.join(root, 'dist', 'windows', 'pgcluster-acl.exe'),
  ];
}

let toolPath: string | undefined;

function findTool(): string {
  if (toolPath) return toolPath;
  const candidates = aclToolCandidates(process.env, path.dirname(fileURLToPath(import.meta.url)));
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new PgClusterError(
      'ACL_TOOL_MISSING',
      'pgcluster-acl.exe, which reads and sets file permissions, was not found',
      {
        where: `looked for ${candidates.join(', ')}`,
        hint: 'reinstall PgCluster (the MSI installs it in app\\bin); in a source tree build it with scripts/build-windows-helpers',
      },
    );
  }
  toolPath = found;
  return found;
}

/** Runs the tool once; an answer with `error` is returned, not thrown, for the caller to word. */
export function runAclTool(args: string[]): AclToolAnswer {
  const tool = findTool();
  let output: string;
  try {
    output = execFileSync(tool, args, {
      encoding: 'utf8',
      windowsHide: true,
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; message: string };
    // Exit code 2 is a Win32 error the tool reports on stdout; anything else is the tool failing.
    if (err.status === 2 && err.stdout) output = err.stdout;
    else {
      throw new PgClusterError('ACL_TOOL_FAILED', `${tool} ${args.join(' ')} failed: ${err.message}`, {
        hint: 'reinstall PgCluster, or rebuild it with scripts/build-windows-helpers',
      });
    }
  }
  try {
    return parseAclToolOutput(output);
  } catch (e) {
    throw new PgClusterError('ACL_TOOL_FAILED', (e as Error).message, { where: tool });
  }
}
