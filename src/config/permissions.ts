/**
 * Configuration files hold addresses and possibly a password, so every mode refuses to run unless
 * only the instance administrator can access them. POSIX checks owner and mode bits here; on
 * Windows the ACL checker of src/platform/windows/accessChecker.ts is the default, so no entry
 * point can forget to install it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PgClusterError } from '../errors.js';
import { windowsAccessChecker } from '../platform/windows/accessChecker.js';

export interface AccessChecker {
  /** Throws PgClusterError unless only the current user can access `file`. */
  checkOwnerOnly(file: string): void;
  /**
   * Throws PgClusterError unless no other account can create, rename or remove entries in `dir`
   * (someone who can could plant a file or a link where the controller writes).
   */
  checkPrivateDirectory(dir: string): void;
  /**
   * Makes a file the product has just created (and not yet written) accessible to the instance
   * administrator only: mode 0600 on POSIX, an explicit owner-only DACL without inheritance on
   * Windows (where a POSIX mode means nothing).
   */
  restrictNewFile(file: string): void;
}

export const posixAccessChecker: AccessChecker = posixOwnerOnlyChecker();

/**
 * Owner-only files of `ownerUid` (default: the current user). Root passes the instance
 * administrator's uid when it acts for them (mc_ctl register installs a system service).
 */
export function posixOwnerOnlyChecker(ownerUid?: number): AccessChecker {
  return {
    checkOwnerOnly: (file) => checkPosix(file, ownerUid),
    checkPrivateDirectory: (dir) => checkPosixDirectory(dir, ownerUid),
    restrictNewFile: (file) => fs.chmodSync(file, 0o600),
  };
}

/**
 * The management directory: owned by the instance administrator (or root), and writable by
 * nobody else, who could otherwise plant a file or a link where the controller writes.
 */
function checkPosixDirectory(dir: string, ownerUid: number | undefined): void {
  const euid = ownerUid ?? process.geteuid?.();
  if (euid === undefined) {
    throw new PgClusterError('CONFIG_PERMISSIONS', 'cannot check directory permissions on this platform', {
      where: dir,
      hint: 'The platform layer must install its access checker with setAccessChecker() before loading configuration.',
    });
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw new PgClusterError('MCDIR_NOT_FOUND', `the MC management directory ${dir} does not exist`, {
      where: dir,
      hint: 'create it, owned by the instance administrator (mode 700), or pass the right directory with -M',
      cause: e,
    });
  }
  const problems: string[] = [];
  if (st.uid !== euid && st.uid !== 0)
    problems.push(
      `it is owned by ${describeUser(st.uid)}, not by the instance administrator ${describeUser(euid)} or root`,
    );
  const writable = [...(st.mode & 0o020 ? ['its group'] : []), ...(st.mode & 0o002 ? ['all users'] : [])];
  if (writable.length > 0)
    problems.push(
      `${writable.join(' and ')} can create, rename and remove files in it (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`,
    );
  if (problems.length === 0) return;
  const q = shellQuote(dir);
  const fix = [
    ...(st.uid !== euid && st.uid !== 0 ? [`chown ${userName(euid) ?? euid} ${q}`] : []),
    `chmod go-w ${q}`,
  ];
  throw new PgClusterError(
    'CONFIG_PERMISSIONS',
    `the management directory ${dir} is not private: ${problems.join('; ')}`,
    {
      where: dir,
      hint: `Run: ${fix.join(' && ')}`,
    },
  );
}

function checkPosix(file: string, ownerUid: number | undefined): void {
  const euid = ownerUid ?? process.geteuid?.();
  if (euid === undefined) {
    // Fail closed: without a platform checker we cannot prove the file is private.
    throw new PgClusterError('CONFIG_PERMISSIONS', 'cannot check file permissions on this platform', {
      where: file,
      hint: 'The platform layer must install its access checker with setAccessChecker() before loading configuration.',
    });
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new PgClusterError('CONFIG_NOT_FOUND', `${file} does not exist`, {
        where: file,
        hint: 'Create the file from its sample and restrict it with chmod 600.',
        cause: e,
      });
    throw new PgClusterError('CONFIG_PERMISSIONS', `cannot examine ${file}: ${(e as Error).message}`, {
      where: file,
      hint: 'Check that the directories leading to the file can be searched by the instance administrator.',
      cause: e,
    });
  }
  if (!st.isFile()) {
    throw new PgClusterError('CONFIG_PERMISSIONS', `${file} is not a regular file (it is ${fileKind(st)})`, {
      where: file,
      hint: 'Replace it with a regular file readable only by the instance administrator (chmod 600).',
    });
  }
  const extra = st.mode & 0o077;
  const wrongOwner = st.uid !== euid;
  if (!wrongOwner && extra === 0) return;

  const problems: string[] = [];
  if (wrongOwner) {
    problems.push(
      `it is owned by ${describeUser(st.uid)}, not by ${ownerUid === undefined ? 'the current user ' : 'the instance administrator '}${describeUser(euid)}`,
    );
  }
  if (extra !== 0) {
    problems.push(
      `other users have access: ${describeExtraAccess(st.mode)} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`,
    );
  }
  const q = shellQuote(file);
  const fix = [
    ...(wrongOwner ? [`chown ${userName(euid) ?? euid} ${q}`] : []),
    ...(extra !== 0 || wrongOwner ? [`chmod 600 ${q}`] : []),
  ];
  throw new PgClusterError(
    'CONFIG_PERMISSIONS',
    `${file} must be accessible only to the instance administrator: ${problems.join('; ')}`,
    { where: file, hint: `Run: ${fix.join(' && ')}` },
  );
}

let current: AccessChecker = process.platform === 'win32' ? windowsAccessChecker() : posixAccessChecker;

/** The checker in use: the platform's, unless a caller installed another (root acting for the instance administrator). */
export function accessChecker(): AccessChecker {
  return current;
}

/** Installs a checker; returns the previous one so the caller (and tests) can restore it. */
export function setAccessChecker(checker: AccessChecker): AccessChecker {
  const prev = current;
  current = checker;
  return prev;
}

/** Convenience: check through whichever checker is installed. */
export function checkOwnerOnly(file: string): void {
  current.checkOwnerOnly(file);
}

/** e.g. "group can read, others can read and write". */
export function describeExtraAccess(mode: number): string {
  const parts: string[] = [];
  const who: [string, number][] = [
    ['group', (mode >> 3) & 7],
    ['others', mode & 7],
  ];
  for (const [name, bits] of who) {
    const verbs = [
      ...(bits & 4 ? ['read'] : []),
      ...(bits & 2 ? ['write'] : []),
      ...(bits & 1 ? ['execute'] : []),
    ];
    if (verbs.length > 0) parts.push(`${name} can ${joinWords(verbs)}`);
  }
  return parts.join(', ');
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export function userName(uid: number): string | undefined {
  if (uid === process.geteuid?.()) {
    try {
      return os.userInfo().username;
    } catch {
      // No passwd entry for ourselves (containers); fall through to getent.
    }
  }
  try {
    const line = execFileSync('getent', ['passwd', String(uid)], {
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const name = line.split(':')[0];
    return name ? name : undefined;
  } catch {
    return undefined;
  }
}

function describeUser(uid: number): string {
  const name = userName(uid);
  return name ? `uid ${uid} (${name})` : `uid ${uid}`;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Replaces `file` atomically with owner-only content: a crash leaves either the old file or the
 * new one, never a torn or briefly world-readable file.
 */
export function writeOwnerOnlyFile(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
    // Restricted before the first byte is written: the mode on POSIX (the umask can only clear
    // bits, but the file system may ignore them), the DACL on Windows, which ignores the mode.
    current.restrictNewFile(tmp);
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (let off = 0; off < data.length;) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw new PgClusterError('FILE_WRITE_FAILED', `cannot write ${file}: ${(e as Error).message}`, {
      where: file,
      hint: 'Check that the directory exists, is writable by the instance administrator and the disk is not full.',
      cause: e,
    });
  }
  fsyncDir(dir);
}

/**
 * Opens `file` for appending and never through a symbolic link: a link planted in its place
 * would redirect the product's writes into another file. A file created here is mode 0600 and
 * restricted (owner-only DACL on Windows) before the first byte is written; an existing file is
 * appended to as it is. `what` names the file in errors, such as "the controller's output".
 */
export function openPrivateAppendFile(file: string, what: string): { fd: number; created: boolean } {
  // lstat first: Windows has no O_NOFOLLOW, and elsewhere it gives the clearer message.
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotOpen(file, e);
  }
  if (st?.isSymbolicLink()) throw linkRefused(file, what);
  if (st && !st.isFile()) {
    throw new PgClusterError('FILE_WRITE_FAILED', `${file} is not a regular file (it is ${fileKind(st)})`, {
      where: file,
      hint: `remove it so ${what} can be written there`,
    });
  }
  // O_NOFOLLOW closes the window between the lstat and the open where it exists (POSIX).
  const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW = 0 } = fs.constants;
  let fd: number;
  let created = true;
  try {
    try {
      fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      created = false;
      fd = fs.openSync(file, O_WRONLY | O_APPEND | O_NOFOLLOW);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Linux says ELOOP for a final link under O_NOFOLLOW; FreeBSD says EMLINK.
    if (code === 'ELOOP' || code === 'EMLINK') throw linkRefused(file, what);
    throw cannotOpen(file, e);
  }
  if (created) {
    try {
      current.restrictNewFile(file);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }
  return { fd, created };
}

function linkRefused(file: string, what: string): PgClusterError {
  return new PgClusterError(
    'CONFIG_PERMISSIONS',
    `${file} is a symbolic link: ${what} is never written through one (its target is left untouched)`,
    {
      where: file,
      hint: `remove the link (${process.platform === 'win32' ? `del "${file}"` : `rm ${shellQuote(file)}`}) and find out who put it there; the directory must be writable only by the instance administrator`,
    },
  );
}

function cannotOpen(file: string, e: unknown): PgClusterError {
  return new PgClusterError('FILE_WRITE_FAILED', `cannot open ${file}: ${(e as Error).message}`, {
    where: file,
    hint: 'the directory must exist and be writable by the instance administrator',
    cause: e,
  });
}

/** Makes the rename durable; some platforms (Windows) cannot open a directory, which is fine. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the data itself was already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
