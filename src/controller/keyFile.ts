/**
 * The admin network's shared key file: a header comment and one line of 64 hex digits (32 bytes).
 * It lives in the MC management directory as `mc.key` and is copied to the peer server together
 * with network.conf. Reading the file and checking its permissions is done by the caller.
 */
import { randomBytes } from 'node:crypto';
import { PgClusterError } from '../errors.js';
import { KEY_BYTES } from './protocol.js';

/** File name of the key inside the MC management directory. */
export const KEY_FILE_NAME = 'mc.key';

const HEX_KEY = /^[0-9a-fA-F]+$/;

/** A new random key. */
export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** The key file's text (LF line ends, trailing newline). */
export function formatKeyFile(key: Buffer): string {
  if (key.length !== KEY_BYTES) {
    throw new PgClusterError(
      'KEY_INVALID',
      `the admin network key must be ${KEY_BYTES} bytes, not ${key.length}`,
    );
  }
  return [
    '# PgCluster Mirroring Controller admin network key.',
    '# Both servers must hold the same file; keep it readable only by the instance administrator.',
    key.toString('hex'),
    '',
  ].join('\n');
}

/**
 * The key in `text`. Blank lines and `#` comments are ignored; exactly one key line is expected.
 * Accepts CRLF and a UTF-8 BOM (files edited on Windows). Errors are KEY_INVALID at `file:line`.
 */
export function parseKeyFile(text: string, file: string): Buffer {
  const hint = 'copy mc.key from the other server, or create a new key and copy it to both servers';
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let key: Buffer | undefined;
  let keyLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${file}:${i + 1}`;
    if (key) {
      throw new PgClusterError('KEY_INVALID', `a second key line (the key is on line ${keyLine})`, {
        where,
        hint,
      });
    }
    if (!HEX_KEY.test(line)) {
      throw new PgClusterError('KEY_INVALID', 'the key must be hexadecimal digits only', { where, hint });
    }
    if (line.length !== KEY_BYTES * 2) {
      throw new PgClusterError(
        'KEY_INVALID',
        `the key has ${line.length} hex digits, expected ${KEY_BYTES * 2}`,
        { where, hint },
      );
    }
    key = Buffer.from(line, 'hex');
    keyLine = i + 1;
  }
  if (!key) throw new PgClusterError('KEY_INVALID', 'the file holds no key', { where: file, hint });
  return key;
}
