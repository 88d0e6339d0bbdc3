import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  fromRegedit,
  readRegistryKey,
  type RegeditList,
  type RunFn,
} from '../../src/platform/windows/registry.js';

const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\Mirroring Controller inst1';

describe('registry through the regedit package, reg.exe as the fallback', () => {
  it('maps regedit values to reg.exe shapes (default value name, DWORD, MULTI_SZ, BINARY)', () => {
    const key = fromRegedit(KEY, {
      exists: true,
      keys: [],
      values: {
        '': { type: 'REG_SZ', value: 'x' },
        EventMessageFile: { type: 'REG_EXPAND_SZ', value: 'C:\\pg\\lib\\pgevent.dll' },
        TypesSupported: { type: 'REG_DWORD', value: 7 },
        DependOnService: { type: 'REG_MULTI_SZ', value: ['RPCSS', 'Tcpip'] },
        Blob: { type: 'REG_BINARY', value: [1, 171, 255] },
      },
    });
    assert.deepEqual(key?.values, [
      { name: '(Default)', type: 'REG_SZ', data: 'x' },
      { name: 'EventMessageFile', type: 'REG_EXPAND_SZ', data: 'C:\\pg\\lib\\pgevent.dll' },
      { name: 'TypesSupported', type: 'REG_DWORD', data: 7 },
      { name: 'DependOnService', type: 'REG_MULTI_SZ', data: ['RPCSS', 'Tcpip'] },
      { name: 'Blob', type: 'REG_BINARY', data: '01ABFF' },
    ]);
    assert.equal(fromRegedit(KEY, { exists: false, keys: [], values: {} }), undefined);
  });

  it('uses regedit when it answers, without running reg.exe', async () => {
    const run: RunFn = () => Promise.reject(new Error('reg.exe must not run'));
    const list: RegeditList = (keys) =>
      Promise.resolve({
        [keys[0]!]: { exists: true, keys: [], values: { TypesSupported: { type: 'REG_DWORD', value: 7 } } },
      });
    const key = await readRegistryKey(KEY, run, list);
    assert.deepEqual(key?.values, [{ name: 'TypesSupported', type: 'REG_DWORD', data: 7 }]);
    const none: RegeditList = (keys) =>
      Promise.resolve({ [keys[0]!]: { exists: false, keys: [], values: {} } });
    assert.equal(await readRegistryKey(KEY, run, none), undefined);
  });

  it('falls back to reg.exe when regedit fails (Windows Script Host disabled)', async () => {
    const calls: string[][] = [];
    const run: RunFn = (_file, args) => {
      calls.push(args);
      return Promise.resolve({
        code: 0,
        stdout: `\r\n${KEY.replace('HKLM', 'HKEY_LOCAL_MACHINE')}\r\n    TypesSupported    REG_DWORD    0x7\r\n\r\n`,
        stderr: '',
      });
    };
    const broken: RegeditList = () => Promise.reject(new Error('Command failed: cscript.exe 1'));
    const key = await readRegistryKey(KEY, run, broken);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0], ['query', KEY, '/reg:64']);
    assert.deepEqual(key?.values, [{ name: 'TypesSupported', type: 'REG_DWORD', data: 7 }]);
  });
});
