import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArbiterService, type GrantAnswer } from '../../src/arbiter/service.js';
import { EMPTY_RECORD, type ArbiterRecord, type HeartbeatAnswer } from '../../src/arbiter/rules.js';
import { loadRecord, recordFile, saveRecord } from '../../src/arbiter/store.js';
import type { McLogger } from '../../src/log/logger.js';
import type { MessageId } from '../../src/log/catalog.js';
import { PgClusterError } from '../../src/errors.js';

function setup(o: { save?: (r: ArbiterRecord) => void; record?: ArbiterRecord } = {}) {
  let t = 0;
  const logged: MessageId[] = [];
  const saved: ArbiterRecord[] = [];
  const logger: McLogger = {
    emit: (id) => void logged.push(id),
    debug: () => undefined,
    close: () => Promise.resolve(),
  };
  const service = new ArbiterService({
    arbiterId: 'arb',
    servers: ['p', 's'],
    record: o.record ?? EMPTY_RECORD,
    save: o.save ?? ((r) => void saved.push(r)),
    logger,
    now: () => t,
  });
  return { service, logged, saved, advance: (ms: number) => (t += ms) };
}

const beat = (service: ArbiterService, from: string, args: Record<string, unknown>) =>
  service.handle(from, 'arb_heartbeat', args) as Promise<HeartbeatAnswer>;

async function rejects(p: Promise<unknown>, message: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof PgClusterError);
    assert.equal(e.code, 'ARBITER_REQUEST_INVALID');
    assert.match(e.message, message);
    return true;
  });
}

describe('ArbiterService', () => {
  it('persists a changed record before it answers, and only then', async () => {
    const { service, saved, advance } = setup();
    await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
    assert.equal(saved.length, 1, 'adopting the primary is recorded');
    await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
    await beat(service, 's', { role: 'standby', healthy: true });
    assert.equal(saved.length, 1, 'an unchanged record is not written again');
    advance(5000);
    const g = (await service.handle('s', 'arb_promote', {
      primary: 'p',
      kind: 'peer_unreachable',
      silenceMs: 2800,
    })) as GrantAnswer;
    assert.deepEqual(g, { granted: true, epoch: 1 });
    assert.deepEqual(saved.at(-1), { epoch: 1, primary: 's', deposed: ['p'] });
  });

  it('grants nothing when the record cannot be written', async () => {
    const { service } = setup({
      record: { epoch: 0, primary: 'p', syncStandby: 's', deposed: [] },
      save: () => {
        throw new PgClusterError('FILE_WRITE_FAILED', 'disk full');
      },
    });
    await assert.rejects(
      service.handle('s', 'arb_promote', { primary: 'p', kind: 'planned', silenceMs: 0 }),
      /disk full/,
    );
    assert.equal(service.current.primary, 'p');
  });

  it('answers a dry run without changing anything', async () => {
    const { service, saved } = setup({ record: { epoch: 2, primary: 'p', syncStandby: 's', deposed: [] } });
    const g = (await service.handle('s', 'arb_promote', {
      primary: 'p',
      kind: 'planned',
      silenceMs: 0,
      dryRun: true,
    })) as GrantAnswer;
    assert.deepEqual(g, { granted: true, epoch: 3 });
    assert.equal(saved.length, 0);
    assert.equal(service.current.epoch, 2);
  });

  it('treats a closed connection of the primary as gone, until its next heartbeat', async () => {
    const { service, advance } = setup();
    await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
    advance(500);
    const ask = () =>
      service.handle('s', 'arb_promote', {
        primary: 'p',
        kind: 'peer_unreachable',
        silenceMs: 2800,
        dryRun: true,
      }) as Promise<GrantAnswer>;
    assert.equal((await ask()).granted, false);
    service.disconnected('p');
    assert.equal((await ask()).granted, true);
    await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
    assert.equal((await ask()).granted, false);
  });

  it('logs grants, refusals and a second primary once', async () => {
    const { service, logged } = setup();
    await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
    await service.handle('p', 'arb_detach', { standby: 's' });
    await service.handle('s', 'arb_promote', { primary: 'p', kind: 'planned', silenceMs: 0 });
    await beat(service, 's', { role: 'primary', healthy: true });
    await beat(service, 's', { role: 'primary', healthy: true });
    assert.deepEqual(logged, ['MCA00605', 'MCA00604', 'MCA00607']);
  });

  it('logs a lasting conflict and a repeated refusal once, even with both servers beating in turn', async () => {
    const { service, logged, advance } = setup();
    for (let i = 0; i < 3; i++) {
      await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
      await beat(service, 's', { role: 'primary', healthy: true });
      advance(100);
      await service.handle('s', 'arb_promote', { primary: 'p', kind: 'peer_unreachable', silenceMs: 2800 });
    }
    assert.deepEqual(logged, ['MCA00607', 'MCA00604']);
  });

  it('counts a server gone only when its last connection closes', async () => {
    const { service, advance } = setup();
    await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
    advance(100);
    const ask = () =>
      service.handle('s', 'arb_promote', {
        primary: 'p',
        kind: 'peer_unreachable',
        silenceMs: 2800,
        dryRun: true,
      }) as Promise<GrantAnswer>;
    service.connected('p');
    service.connected('p'); // reconnected after a slow answer, before the old socket closed
    service.disconnected('p');
    assert.equal((await ask()).granted, false);
    service.disconnected('p');
    assert.equal((await ask()).granted, true);
  });

  it('refuses malformed requests and requests from anyone but the two servers, saying what is wrong', async () => {
    const { service } = setup();
    await rejects(
      service.handle('arb', 'arb_heartbeat', { role: 'primary', healthy: true }),
      /only the database servers may ask "arb_heartbeat", not "arb"/,
    );
    await rejects(
      service.handle('p', 'arb_heartbeat', null),
      /arb_heartbeat: the arguments must be an object/,
    );
    await rejects(
      beat(service, 'p', { role: 'leader', healthy: true }),
      /"role" must be one of primary, standby, other/,
    );
    await rejects(beat(service, 'p', { role: 'primary', healthy: 'yes' }), /"healthy" must be true or false/);
    await rejects(
      beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 'x' }),
      /"syncStandby" must be one of the servers p, s/,
    );
    await rejects(
      service.handle('s', 'arb_promote', { primary: 's', kind: 'planned', silenceMs: 0 }),
      /"primary" must name the other database server/,
    );
    await rejects(
      service.handle('s', 'arb_promote', { primary: 'p', kind: 'soon', silenceMs: 0 }),
      /"kind" must be one of planned, forced, forced_unreachable, peer_reported, peer_unreachable/,
    );
    await rejects(
      service.handle('s', 'arb_promote', { primary: 'p', kind: 'planned', silenceMs: -1 }),
      /"silenceMs" must be a number of milliseconds/,
    );
    await rejects(service.handle('p', 'arb_detach', {}), /"standby" must name the other database server/);
    await rejects(service.handle('p', 'arb_vote', {}), /unknown arbiter request "arb_vote"/);
  });

  it('tells anyone allowed in what it knows', async () => {
    const { service, advance } = setup();
    await beat(service, 'p', { role: 'primary', healthy: true, syncStandby: 's' });
    advance(300);
    const st = (await service.handle('arb', 'arb_status', {})) as ReturnType<ArbiterService['status']>;
    assert.equal(st.upMs, 300);
    assert.deepEqual(st.record, { epoch: 0, primary: 'p', syncStandby: 's', deposed: [] });
    assert.deepEqual(st.servers, [
      { serverId: 'p', seenAgoMs: 300, role: 'primary', healthy: true, connected: true },
      { serverId: 's' },
    ]);
  });
});

describe('arbiter record file', () => {
  it('round-trips, starts empty, and refuses a damaged file with a hint', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'arb-'));
    try {
      const file = recordFile(dir, 'arb');
      assert.deepEqual(loadRecord(file, true), EMPTY_RECORD, 'a first start begins with an empty record');
      assert.throws(
        () => loadRecord(file),
        (e: unknown) =>
          e instanceof PgClusterError && e.code === 'ARBITER_RECORD_MISSING' && /--init/.test(e.hint ?? ''),
      );
      const r: ArbiterRecord = { epoch: 7, primary: 's', deposed: ['p'] };
      saveRecord(file, r);
      assert.deepEqual(loadRecord(file), r);
      assert.match(readFileSync(file, 'utf8'), /"version": 1/);
      writeFileSync(file, '{"version":1,"epoch":-1,"deposed":[]}');
      assert.throws(
        () => loadRecord(file),
        (e: unknown) =>
          e instanceof PgClusterError &&
          e.code === 'STATE_CORRUPT' &&
          /malformed/.test(e.message) &&
          /restore it from a backup/.test(e.hint ?? ''),
      );
      writeFileSync(file, 'not json');
      assert.throws(() => loadRecord(file), /not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
