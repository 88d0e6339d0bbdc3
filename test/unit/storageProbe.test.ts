import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StorageProbe } from '../../src/controller/probes.js';

describe('disk probes of the data directory and every tablespace', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgc-storage-'));
  const data = path.join(root, 'data');
  const ts = path.join(root, 'ts1');
  mkdirSync(path.join(data, 'pg_tblspc'), { recursive: true });
  mkdirSync(ts);
  symlinkSync(ts, path.join(data, 'pg_tblspc', '16384'));
  const probe = new StorageProbe(data, 'server1');

  it('finds the tablespaces behind pg_tblspc', () => {
    assert.deepEqual(probe.directories(), [data, ts]);
  });

  it('writes and removes its probe files, leaving nothing behind', async () => {
    assert.deepEqual(await probe.observe(2000), { ok: true });
    assert.deepEqual(readdirSync(ts), []);
  });

  it('names the tablespace whose probe fails', async () => {
    mkdirSync(path.join(ts, 'pgsql_tmp_mc_probe_server1')); // the probe file cannot be created
    const r = await probe.observe(2000);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.where, ts);
  });
});
