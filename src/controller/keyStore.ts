/** Reading the admin-network key from the management directory, with the owner-only check. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PgClusterError } from '../errors.js';
import { checkOwnerOnly } from '../config/permissions.js';
import { KEY_FILE_NAME, parseKeyFile } from './keyFile.js';

export function readKey(mcDir: string): Buffer {
  const file = path.join(mcDir, KEY_FILE_NAME);
  if (!existsSync(file)) {
    throw new PgClusterError('KEY_NOT_FOUND', `the admin-network key file ${KEY_FILE_NAME} is missing`, {
      where: file,
      hint: `create it on one server with 'mc_ctl genkey -M ${mcDir}', then copy it (like network.conf) to the other server, readable by the instance administrator only`,
    });
  }
  checkOwnerOnly(file);
  return parseKeyFile(readFileSync(file, 'utf8'), file);
}
