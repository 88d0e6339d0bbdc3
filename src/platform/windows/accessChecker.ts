/**
 * The Windows access checker: a configuration file passes when its owner is the instance
 * administrator (the account PgCluster runs as) or Administrators, and its DACL lets nobody in but
 * that account, SYSTEM and Administrators, with no entry inherited from the folder. Accounts are
 * compared by SID, never by name (".\symfo", "HOST\symfo" and "symfo" are one account).
 * The judging is pure (judgeFile, judgeDirectory); the descriptor comes from pgcluster-acl.exe.
 */
import { existsSync, statSync } from 'node:fs';
import { PgClusterError } from '../../errors.js';
import type { AccessChecker } from '../../config/permissions.js';
import { NOT_FOUND_ERRORS, runAclTool, type Account, type AclToolAnswer } from './aclTool.js';
import {
  ADMINISTRATORS_SID,
  DIRECTORY_CHANGE_BITS,
  SYSTEM_SID,
  describeAccess,
  type SecurityDescriptor,
} from './sddl.js';

export interface Judgement {
  problems: string[];
}

export interface FileJudgement extends Judgement {
  /** Accounts other than the administrator, SYSTEM and Administrators that an entry lets in. */
  extra: string[];
  /** Whether an entry is inherited from the folder. */
  inherits: boolean;
}

const WELL_KNOWN_NAMES: Readonly<Record<string, string>> = {
  [SYSTEM_SID]: 'NT AUTHORITY\\SYSTEM',
  [ADMINISTRATORS_SID]: 'BUILTIN\\Administrators',
  'S-1-1-0': 'Everyone',
  'S-1-5-11': 'NT AUTHORITY\\Authenticated Users',
  'S-1-5-32-545': 'BUILTIN\\Users',
  'S-1-3-0': 'CREATOR OWNER',
};

function nameOf(sid: string, names: ReadonlyMap<string, string>): string {
  const n = names.get(sid) || WELL_KNOWN_NAMES[sid];
  return n ? `${n} (${sid})` : `the unknown account ${sid}`;
}

const isAllowType = (t: string) => t === 'A' || t === 'OA' || t === 'XA';
const isDenyType = (t: string) => t === 'D' || t === 'OD' || t === 'XD';

/** What is wrong with a configuration file's security, in words; nothing when it passes. */
export function judgeFile(
  sd: SecurityDescriptor,
  admin: Account,
  names: ReadonlyMap<string, string>,
): FileJudgement {
  const allowed = new Set([admin.sid, SYSTEM_SID, ADMINISTRATORS_SID]);
  const problems: string[] = [];
  if (!sd.owner) problems.push('it has no owner');
  else if (sd.owner !== admin.sid && sd.owner !== ADMINISTRATORS_SID)
    problems.push(
      `it is owned by ${nameOf(sd.owner, names)}, not by the instance administrator or Administrators`,
    );
  if (!sd.dacl) {
    problems.push('it has no access list at all, so everybody has full control');
    return { problems, extra: [], inherits: false };
  }
  let inherited = false;
  const extra = new Map<string, number>();
  for (const ace of sd.dacl.aces) {
    if (ace.flags.has('ID')) inherited = true;
    if (isDenyType(ace.type) || ace.flags.has('IO')) continue; // takes away, or applies only to children
    if (!isAllowType(ace.type)) {
      problems.push(
        `it has an access entry of type ${ace.type} for ${nameOf(ace.sid, names)}, which cannot be judged`,
      );
      continue;
    }
    if (!allowed.has(ace.sid) && ace.mask !== 0) extra.set(ace.sid, (extra.get(ace.sid) ?? 0) | ace.mask);
  }
  for (const [sid, mask] of extra) problems.push(`${nameOf(sid, names)} has ${describeAccess(mask)}`);
  if (inherited)
    problems.push('it inherits permissions from its folder, so a change there would change who can read it');
  return { problems, extra: [...extra.keys()], inherits: inherited };
}

/** A folder passes when no other account can add, remove or rename entries in it. */
export function judgeDirectory(
  sd: SecurityDescriptor,
  admin: Account,
  names: ReadonlyMap<string, string>,
): Judgement {
  const allowed = new Set([admin.sid, SYSTEM_SID, ADMINISTRATORS_SID]);
  const problems: string[] = [];
  if (sd.owner && sd.owner !== admin.sid && sd.owner !== ADMINISTRATORS_SID && sd.owner !== SYSTEM_SID)
    problems.push(`it is owned by ${nameOf(sd.owner, names)}, who can change its permissions`);
  if (!sd.dacl)
    return { problems: [...problems, 'it has no access list at all, so everybody has full control'] };
  const extra = new Set<string>();
  for (const ace of sd.dacl.aces) {
    if (!isAllowType(ace.type) || ace.flags.has('IO') || allowed.has(ace.sid)) continue;
    if (ace.mask & DIRECTORY_CHANGE_BITS) extra.add(ace.sid);
  }
  for (const sid of extra) problems.push(`${nameOf(sid, names)} can add, remove or rename files in it`);
  return { problems };
}

/** The security of a file or folder that must exist, read through the ACL tool. */
function readSecurity(
  target: string,
  what: 'file' | 'directory',
  run: typeof runAclTool = runAclTool,
): AclToolAnswer {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch (e) {
    throw notFound(target, what, e);
  }
  if (what === 'file' && isDir)
    throw new PgClusterError('CONFIG_PERMISSIONS', `${target} is not a regular file (it is a directory)`, {
      where: target,
      hint: 'replace it with the file it should be',
    });
  if (what === 'directory' && !isDir)
    throw new PgClusterError('MCDIR_NOT_FOUND', `${target} is not a directory`, { where: target });
  const a = run(['get', target]);
  if (a.error) {
    if (NOT_FOUND_ERRORS.has(a.error.code)) throw notFound(target, what);
    throw new PgClusterError(
      'CONFIG_PERMISSIONS',
      `cannot examine the permissions of ${target}: ${a.error.text}`,
      {
        where: target,
        hint: 'run as the instance administrator, who must be able to read the permissions (READ_CONTROL) of its own files',
      },
    );
  }
  return a;
}

export interface FileAccessReport {
  path: string;
  /** The instance administrator the file is judged for. */
  account: Account;
  owner: Account | null;
  compliant: boolean;
  problems: string[];
  /** What Protect-PgConfigFile removes (icacls /remove *SID). */
  extra: Account[];
  inherits: boolean;
}

/**
 * A configuration file judged for `account` (DOMAIN\user, .\user or a SID) by the same rules as
 * the controller's own check: what Test-PgConfigFile reports, so that the module and mc_ctl never
 * disagree about a file.
 */
export function fileAccessReport(
  file: string,
  account: string,
  run: typeof runAclTool = runAclTool,
): FileAccessReport {
  const who = resolveAccount(account, run);
  const a = readSecurity(file, 'file', run);
  const judged = judgeFile(a.sd!, who, a.names);
  const named = (sid: string): Account => ({ sid, name: a.names.get(sid) || WELL_KNOWN_NAMES[sid] || '' });
  return {
    path: file,
    account: who,
    owner: a.sd!.owner ? named(a.sd!.owner) : null,
    compliant: judged.problems.length === 0,
    problems: judged.problems,
    extra: judged.extra.map(named),
    inherits: judged.inherits,
  };
}

/** An account's SID, looked up by the ACL tool (LookupAccountNameW); a SID is taken as it is. */
export function resolveAccount(
  account: string,
  run: typeof runAclTool = runAclTool,
  env: NodeJS.ProcessEnv = process.env,
): Account {
  const given = account.trim().replace(/^\*/, '');
  if (/^S-1-\d+(-\d+)+$/i.test(given)) return { sid: given.toUpperCase(), name: '' };
  // ".\user" (how services store a local account) is this computer's user, never a domain's.
  const name = given.startsWith('.\\')
    ? `${env.COMPUTERNAME ?? ''}\\${given.slice(2)}`.replace(/^\\/, '')
    : given;
  const a = run(['sid', name]);
  const [entry] = a.names;
  if (a.error || !entry)
    throw new PgClusterError(
      'ACCOUNT_NOT_FOUND',
      `the account ${account} is not known here${a.error ? `: ${a.error.text}` : ''}`,
      {
        where: account,
        hint: 'give the instance administrator as DOMAIN\\user or COMPUTER\\user, as whoami shows it when logged on as that user',
      },
    );
  return { sid: entry[0], name: entry[1] };
}

const quotePs = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The checker; `admin` defaults to the account this process runs as. */
export function windowsAccessChecker(admin?: Account): AccessChecker {
  const adminOf = (a: AclToolAnswer): Account => admin ?? a.user;
  const describeAdmin = (a: Account) => (a.name ? a.name : a.sid);

  return {
    checkOwnerOnly(file) {
      const a = readSecurity(file, 'file');
      const who = adminOf(a);
      const { problems } = judgeFile(a.sd!, who, a.names);
      if (problems.length === 0) return;
      throw new PgClusterError(
        'CONFIG_PERMISSIONS',
        `${file} must be accessible only to the instance administrator ${describeAdmin(who)}, SYSTEM and Administrators: ${problems.join('; ')}`,
        {
          where: file,
          hint: `Run in PowerShell as Administrator: Protect-PgConfigFile -Path ${quotePs(file)} -Account ${quotePs(describeAdmin(who))}`,
        },
      );
    },
    checkPrivateDirectory(dir) {
      const a = readSecurity(dir, 'directory');
      const who = adminOf(a);
      const { problems } = judgeDirectory(a.sd!, who, a.names);
      if (problems.length === 0) return;
      throw new PgClusterError(
        'CONFIG_PERMISSIONS',
        `the management directory ${dir} must not let other accounts change its contents: ${problems.join('; ')}`,
        {
          where: dir,
          hint: `Run as Administrator: icacls "${dir}" /inheritance:r /grant:r "*${SYSTEM_SID}:(OI)(CI)F" "*${ADMINISTRATORS_SID}:(OI)(CI)F" "*${who.sid}:(OI)(CI)F"`,
        },
      );
    },
    restrictNewFile(file) {
      const a = runAclTool(['protect', file]);
      const who = adminOf(a);
      const problems = a.error ? [a.error.text] : judgeFile(a.sd!, who, a.names).problems;
      if (problems.length === 0) return;
      throw new PgClusterError(
        'FILE_WRITE_FAILED',
        `cannot make ${file} private to ${describeAdmin(who)}: ${problems.join('; ')}`,
        {
          where: file,
          hint: 'the folder must let the instance administrator change permissions of the files it creates (a Group Policy may forbid it)',
        },
      );
    },
  };
}

function notFound(target: string, what: 'file' | 'directory', cause?: unknown): PgClusterError {
  const drive = /^([A-Za-z]:)[\\/]/.exec(target)?.[1];
  if (drive && !existsSync(`${drive}\\`))
    return new PgClusterError(
      'CONFIG_NOT_FOUND',
      `${target} is on drive ${drive.toUpperCase()}, which does not exist on this server`,
      {
        where: target,
        hint: 'correct the path (-M, db_instance), or connect the disk that holds it',
      },
    );
  return what === 'file'
    ? new PgClusterError('CONFIG_NOT_FOUND', `${target} does not exist`, {
        where: target,
        hint: 'create the file from its sample, then restrict it with Protect-PgConfigFile',
        ...(cause ? { cause } : {}),
      })
    : new PgClusterError('MCDIR_NOT_FOUND', `the MC management directory ${target} does not exist`, {
        where: target,
        ...(cause ? { cause } : {}),
      });
}
