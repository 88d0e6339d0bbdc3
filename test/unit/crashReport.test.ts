import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkCoreFilePath, crashReportBody, crashReportName } from '../../src/controller/crashReport.js';

describe('the crash report of a controller', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgc-core-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is named after the server, the UTC time and the process, so reports sort and never collide', () => {
    assert.equal(
      crashReportName('server1', new Date('2026-12-07T03:15:02.123Z'), 4242),
      'server1.mc.crash.20261207T031502Z.4242.json',
    );
  });

  it('puts the error first and leaves the environment (passwords) out of the diagnostic', () => {
    const err = new TypeError('cannot read x');
    const body = JSON.parse(
      crashReportBody({
        serverId: 's1',
        at: new Date('2026-12-07T00:00:00Z'),
        pid: 7,
        error: err,
        diagnostic: { header: { nodejsVersion: 'v20' }, environmentVariables: { PGPASSWORD: 'pw' } },
      }),
    ) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['server', 'time', 'pid', 'error', 'diagnostic']);
    assert.deepEqual(body.error, { name: 'TypeError', message: 'cannot read x', stack: err.stack });
    assert.deepEqual(body.diagnostic, { header: { nodejsVersion: 'v20' } });
  });

  it('reports a rejection with a non-Error value as that value', () => {
    const body = JSON.parse(crashReportBody({ serverId: 's1', at: new Date(0), pid: 1, error: 42 })) as {
      error: unknown;
    };
    assert.deepEqual(body.error, { value: '42' });
  });

  it('refuses a core_file_path that does not exist or is a file, naming the server configuration file', () => {
    const conf = path.join(dir, 'server1.conf');
    assert.throws(() => checkCoreFilePath(path.join(dir, 'nope'), conf), {
      code: 'CONFIG_INVALID',
      where: conf,
      message: `core_file_path ${path.join(dir, 'nope')} does not exist`,
    });
    const file = path.join(dir, 'afile');
    fs.writeFileSync(file, '');
    assert.throws(() => checkCoreFilePath(file, conf), {
      message: `core_file_path ${file} is not a directory`,
    });
    assert.doesNotThrow(() => checkCoreFilePath(dir, conf));
  });

  for (const how of ['an uncaught exception', 'an unhandled rejection'] as const) {
    it(`a real process that dies of ${how} writes it, owner-only, says where in the log, and exits 70`, () => {
      const core = fs.mkdtempSync(path.join(dir, 'core-'));
      const log = path.join(dir, `${how.replace(/ /g, '-')}.mc.log`);
      const crash = new URL('../../src/controller/crashReport.js', import.meta.url).href;
      const logger = new URL('../../src/log/logger.js', import.meta.url).href;
      const fault =
        how === 'an uncaught exception'
          ? `setTimeout(() => { throw new RangeError('boom from the test'); }, 10);`
          : `void Promise.reject(new RangeError('boom from the test'));`;
      const script = `
        const { armCrashReports } = await import(${JSON.stringify(crash)});
        const { createLogger } = await import(${JSON.stringify(logger)});
        const logger = createLogger({ source: 'MirroringControllerOpen_server1', file: ${JSON.stringify(log)} });
        armCrashReports({ dir: ${JSON.stringify(core)}, serverId: 'server1', logger });
        ${fault}
        setTimeout(() => {}, 10000);
      `;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: 'never-in-a-report-4711' },
        timeout: 20_000,
      });
      assert.equal(r.status, 70, r.stderr);
      const reports = fs.readdirSync(core);
      assert.equal(reports.length, 1, reports.join(', '));
      const [name] = reports as [string];
      assert.match(name, /^server1\.mc\.crash\.\d{8}T\d{6}Z\.\d+\.json$/);
      const file = path.join(core, name);
      if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const text = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /never-in-a-report-4711/);
      const body = JSON.parse(text) as {
        error: { name: string; message: string; stack: string };
        diagnostic: { header: { nodejsVersion: string } };
      };
      assert.equal(body.error.message, 'boom from the test');
      assert.match(body.error.stack, /RangeError: boom from the test/);
      assert.equal(body.diagnostic.header.nodejsVersion, process.version);
      assert.match(r.stderr, new RegExp(`crash report: ${file.replace(/[\\.]/g, '\\$&')}`));
      assert.match(
        fs.readFileSync(log, 'utf8'),
        new RegExp(
          `FATAL: Mirroring Controller crashed: RangeError: boom from the test; crash report: ${file.replace(/[\\.]/g, '\\$&')}.*\\(MCA00010\\)`,
        ),
      );
    });
  }
});
