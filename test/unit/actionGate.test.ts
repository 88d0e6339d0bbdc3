import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActionGate } from '../../src/controller/actionGate.js';

/** A promise with its resolve, to hold an action in flight for as long as a test needs. */
function pending<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('one controller action at a time', () => {
  it('a fence that finds a fence in flight waits, then runs and answers (the arbiter and the peer both fence)', async () => {
    const gate = new ActionGate('server1', 5);
    const order: string[] = [];
    const first = pending();
    const selfFence = gate.run('fence', async () => {
      order.push('self fence starts');
      await first.promise;
      order.push('self fence ends');
      return 'stopped';
    });
    const peerFence = gate.run('fence', () => {
      order.push('peer fence runs');
      return Promise.resolve('already stopped');
    });
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(order, ['self fence starts'], 'the second fence must not run while the first does');
    first.resolve();
    assert.equal(await selfFence, 'stopped');
    assert.equal(await peerFence, 'already stopped');
    assert.deepEqual(order, ['self fence starts', 'self fence ends', 'peer fence runs']);
    assert.equal(gate.busy, undefined);
  });

  it('a second switch is refused at once, naming what is in flight', async () => {
    const gate = new ActionGate('server2', 5);
    const first = pending();
    const running = gate.run('switch', () => first.promise);
    await assert.rejects(
      gate.run('switch', () => Promise.reject(new Error('must not run'))),
      {
        code: 'CONTROLLER_BUSY',
        message: 'server server2 is busy with switch; switch refused',
      },
    );
    first.resolve();
    await running;
  });

  it('another action waits for the one in flight rather than failing on its timing', async () => {
    const gate = new ActionGate('server1', 5);
    const reload = pending();
    const disconnect = gate.run('disconnect', () => reload.promise);
    const stop = gate.run('stop', () => Promise.resolve('stopped'));
    setTimeout(() => reload.resolve(), 20);
    await disconnect;
    assert.equal(await stop, 'stopped');
  });

  it('gives up after its bound with a clear refusal, and runs nothing', async () => {
    const gate = new ActionGate('server1', 5);
    gate.hold('start');
    await assert.rejects(
      gate.run('fence', () => Promise.reject(new Error('must not run')), 20),
      /server server1 is busy with start; fence refused/,
    );
    gate.release();
    assert.equal(await gate.run('fence', () => Promise.resolve('ran')), 'ran');
  });

  it('frees the gate when an action throws', async () => {
    const gate = new ActionGate('server1', 5);
    await assert.rejects(
      gate.run('switch', () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(gate.busy, undefined);
  });

  it('settle waits for what is in flight, except the action named', async () => {
    const gate = new ActionGate('server1', 5);
    gate.hold('stop');
    const t0 = Date.now();
    await gate.settle(1000, 'stop');
    assert.ok(Date.now() - t0 < 500, 'a stop in flight is not waited for by the shutdown it belongs to');
    gate.hold('switch');
    setTimeout(() => gate.release(), 20);
    await gate.settle(1000, 'stop');
    assert.equal(gate.busy, undefined);
  });
});
