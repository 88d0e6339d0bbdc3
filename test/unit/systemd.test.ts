import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SystemdServices,
  quoteSystemdArg,
  renderUnit,
  unitName,
  type ServiceSpec,
} from '../../src/platform/posix/systemd.js';

const spec: ServiceSpec = {
  name: 'Mirroring_Controller_server1',
  description: 'PgCluster Mirroring Controller of server server1 (/mc dir)',
  user: 'postgres',
  execStart: [
    '/usr/bin/node',
    '/opt/pgcluster/dist/src/controller/main.js',
    '-M',
    '/srv/mc dir',
    '--local-server',
    'server1',
    '-f',
  ],
  execStop: [
    '/usr/bin/node',
    '/opt/pgcluster/bin/mc_ctl.js',
    'stop',
    '-M',
    '/srv/mc dir',
    '--local-server',
    'server1',
  ],
  startType: 'auto',
};

describe('systemd unit for the controller', () => {
  it('quotes arguments as systemd reads them', () => {
    assert.equal(quoteSystemdArg('/plain/path'), '/plain/path');
    assert.equal(quoteSystemdArg('/srv/mc dir'), '"/srv/mc dir"');
    assert.equal(quoteSystemdArg('100%'), '100%%');
    assert.equal(quoteSystemdArg('a"b'), '"a\\"b"');
    assert.equal(quoteSystemdArg('$HOME'), '$$HOME');
  });

  it('runs the controller in the foreground as the instance administrator, killing only it on stop', () => {
    const text = renderUnit(spec);
    assert.match(text, /^User=postgres$/m);
    assert.match(
      text,
      /^ExecStart=\/usr\/bin\/node \S+main\.js -M "\/srv\/mc dir" --local-server server1 -f$/m,
    );
    assert.match(text, /^ExecStop=.* stop -M "\/srv\/mc dir" --local-server server1$/m);
    assert.match(text, /^KillMode=process$/m);
  });

  it('records the start type in the unit, so a change of it is a change of the unit', () => {
    const auto = renderUnit(spec);
    const demand = renderUnit({ ...spec, startType: 'demand' });
    assert.deepEqual(auto.split('\n').slice(0, 3), [
      '# Written by mc_ctl register (PgCluster); remove with mc_ctl unregister.',
      '# Start type: auto (enabled at boot)',
      '[Unit]',
    ]);
    assert.deepEqual(demand.split('\n').slice(0, 3), [
      '# Written by mc_ctl register (PgCluster); remove with mc_ctl unregister.',
      '# Start type: demand (not enabled at boot)',
      '[Unit]',
    ]);
    assert.equal(
      demand,
      auto.replace('# Start type: auto (enabled at boot)', '# Start type: demand (not enabled at boot)'),
      'nothing else differs',
    );
  });

  it('refuses service names systemd cannot use', () => {
    assert.equal(unitName('Mirroring_Controller_inst1'), 'Mirroring_Controller_inst1.service');
    assert.throws(() => unitName('Mirroring Controller'), /cannot be a systemd unit name/);
  });

  it('installs idempotently and uninstalls', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgc-units-'));
    const s = new SystemdServices(dir);
    const first = s.install(spec);
    assert.equal(first.changed, true);
    assert.equal(readFileSync(first.file, 'utf8'), renderUnit(spec));
    assert.equal(s.install(spec).changed, false, 'the same unit again changes nothing');
    assert.equal(s.install({ ...spec, user: 'other' }).changed, true);
    assert.equal(s.install({ ...spec, user: 'other', startType: 'demand' }).changed, true);
    assert.equal(s.uninstall(spec.name).removed, true);
    assert.equal(s.uninstall(spec.name).removed, false, 'a second unregister is harmless');
  });
});
