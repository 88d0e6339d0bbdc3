/**
 * pg_control read as pg_ctl reads it, on a real instance (the controller waits on it for a
 * promotion). Stopping and promoting through Instance run as the instance user inside the
 * controllers, in the pair and chaos tests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Instance } from '../../src/postgres/instance.js';
import { TestInstance } from '../support/instance.js';

describe('Instance on a real server', () => {
  let t: TestInstance;
  let inst: Instance;

  before(async () => {
    t = await TestInstance.create('ctl');
    inst = new Instance(t.dataDir, t.bin, path.join(t.dataDir, 'server.log'));
  });
  after(async () => {
    if (t.pid()) await t.stop('immediate');
  });

  it('reads shut down, then in production from pg_control', async () => {
    assert.equal(inst.dbState(), 'shut down');
    await t.start();
    assert.equal(inst.dbState(), 'in production');
  });
});
