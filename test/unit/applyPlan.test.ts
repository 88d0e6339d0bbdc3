/**
 * applyPlan / undoPlan / testPlan over an in-memory executor: Test before Set, -WhatIf, rollback
 * of exactly what the failed run created, undo in reverse with the keep policy.
 */
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PgClusterError } from '../../src/errors.js';
import {
  applyPlan,
  testPlan,
  undoPlan,
  type OperationExecutor,
  type OperationState,
  type StepReport,
} from '../../src/plan/apply.js';
import { operationId, type Operation, type Plan } from '../../src/plan/operations.js';
import type { McDirectory } from '../../src/config/mcDirectory.js';
import { parseServerConf } from '../../src/config/serverConf.js';
import { planMirroringInstall, type MirroringFacts } from '../../src/plan/mirroringPlan.js';

/** A rejection with any reason: executors may throw things that are not Errors. */
function failWith(reason: unknown): Promise<never> {
  return Promise.resolve().then(() => {
    throw reason;
  });
}

/** The machine as a map from operation id to the operation that made it so. */
class FakeExecutor implements OperationExecutor {
  readonly state = new Map<string, string>();
  readonly calls: string[] = [];
  /** id -> what set() throws for it. */
  readonly failSet = new Map<string, unknown>();
  readonly failTest = new Map<string, unknown>();
  readonly failUndo = new Map<string, unknown>();

  has(op: Operation): boolean {
    return this.state.has(operationId(op));
  }

  put(op: Operation): void {
    this.state.set(operationId(op), JSON.stringify(op));
  }

  test(op: Operation): Promise<{ state: OperationState; detail?: string }> {
    const id = operationId(op);
    this.calls.push(`test ${id}`);
    if (this.failTest.has(id)) return failWith(this.failTest.get(id));
    const now = this.state.get(id);
    if (now === undefined) return Promise.resolve({ state: 'absent' });
    if (now === JSON.stringify(op)) return Promise.resolve({ state: 'present' });
    return Promise.resolve({ state: 'different', detail: `now ${now}` });
  }

  set(op: Operation): Promise<void> {
    const id = operationId(op);
    this.calls.push(`set ${id}`);
    if (this.failSet.has(id)) return failWith(this.failSet.get(id));
    this.put(op);
    return Promise.resolve();
  }

  undo(op: Operation): Promise<void> {
    const id = operationId(op);
    this.calls.push(`undo ${id}`);
    if (this.failUndo.has(id)) return failWith(this.failUndo.get(id));
    this.state.delete(id);
    return Promise.resolve();
  }

  /** Only the calls of one verb, in order. */
  only(verb: 'test' | 'set' | 'undo'): string[] {
    return this.calls.filter((c) => c.startsWith(`${verb} `)).map((c) => c.slice(verb.length + 1));
  }
}

const SOURCE: Operation = {
  kind: 'eventSource.register',
  source: 'MirroringControllerOpen',
  dll: 'C:\\pg\\lib\\pgevent.dll',
};
const RIGHT: Operation = { kind: 'logonRight.grant', account: 'DOM\\symfo' };
const MC_PORT: Operation = {
  kind: 'servicesFile.entry',
  service: 'pgcluster-mc-server1',
  port: 26540,
  comment: 'mc',
};
const ACL: Operation = { kind: 'fileAcl.ownerOnly', path: 'D:\\mcdir\\network.conf', account: 'DOM\\symfo' };
const PG_PORT: Operation = {
  kind: 'servicesFile.entry',
  service: 'pgcluster-pg-server1',
  port: 27500,
  comment: 'pg',
};
const FIREWALL: Operation = {
  kind: 'firewall.allowTcp',
  name: 'PgCluster-MC-server1-TCP-In',
  displayName: 'PgCluster Mirroring Controller server1',
  port: 26540,
};
const SERVICE: Operation = {
  kind: 'service.mirroring',
  name: 'Mirroring_Controller_server1',
  description: 'PgCluster Mirroring Controller of server server1',
  account: 'DOM\\symfo',
  command: ['node.exe', 'main.js'],
  stopCommand: ['node.exe', 'mc_ctl.js', 'stop'],
  start: 'demand',
};

const OPS = [SOURCE, RIGHT, MC_PORT, ACL, PG_PORT, FIREWALL, SERVICE];
const IDS = OPS.map(operationId);
const PLAN: Plan = {
  title: 'Mirroring Controller of server server1 installed (D:\\mcdir)',
  target: 'windows',
  operations: OPS,
  notes: ['a note'],
};

/** The step reports applyPlan attaches to the cause of its error. */
function stepsOf(e: PgClusterError): StepReport[] {
  const steps = (e.cause as { steps?: StepReport[] } | undefined)?.steps;
  assert.ok(Array.isArray(steps), 'the cause carries the step reports');
  return steps;
}

const outcomes = (steps: StepReport[]) => steps.map((s) => `${s.id} ${s.outcome}`);

async function rejection(p: Promise<unknown>): Promise<PgClusterError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PgClusterError, String(e));
    return e;
  }
  assert.fail('expected the plan to fail');
}

describe('applyPlan', () => {
  let exec: FakeExecutor;
  beforeEach(() => {
    exec = new FakeExecutor();
  });

  it('tests then sets every absent operation, in order, and reports them created', async () => {
    const r = await applyPlan(PLAN, exec);
    assert.deepEqual(
      exec.calls,
      IDS.flatMap((id) => [`test ${id}`, `set ${id}`]),
    );
    assert.deepEqual(
      r.steps.map((s) => [s.id, s.kind, s.before, s.outcome]),
      OPS.map((op) => [operationId(op), op.kind, 'absent', 'created']),
    );
    assert.deepEqual(r.steps[2], {
      id: 'servicesFile.entry:pgcluster-mc-server1',
      kind: 'servicesFile.entry',
      target: 'services file entry "pgcluster-mc-server1"',
      action: 'reserve 26540/tcp',
      before: 'absent',
      outcome: 'created',
    });
    assert.equal(r.title, PLAN.title);
    assert.equal(r.whatIf, false);
    assert.equal(r.changed, true);
    assert.deepEqual(r.notes, ['a note']);
    assert.deepEqual([...exec.state.keys()], IDS);
  });

  it('changes nothing when run again: only Test runs', async () => {
    await applyPlan(PLAN, exec);
    exec.calls.length = 0;
    const r = await applyPlan(PLAN, exec);
    assert.deepEqual(
      exec.calls,
      IDS.map((id) => `test ${id}`),
    );
    assert.deepEqual(
      r.steps.map((s) => [s.before, s.outcome]),
      OPS.map(() => ['present', 'unchanged']),
    );
    assert.equal(r.changed, false);
  });

  it('sets an operation that is there but different, and reports it changed with the detail', async () => {
    for (const op of OPS) exec.put(op);
    exec.put({ ...MC_PORT, port: 26599 });
    const r = await applyPlan(PLAN, exec);
    assert.deepEqual(exec.only('set'), ['servicesFile.entry:pgcluster-mc-server1']);
    const s = r.steps[2]!;
    assert.equal(s.before, 'different');
    assert.equal(s.outcome, 'changed');
    assert.match(s.detail ?? '', /26599/);
    assert.equal(r.changed, true);
    assert.equal(exec.state.get(operationId(MC_PORT)), JSON.stringify(MC_PORT));
  });

  it('with whatIf calls only Test and says what would be created or changed', async () => {
    exec.put(SOURCE);
    exec.put({ ...PG_PORT, port: 1 });
    const before = new Map(exec.state);
    const r = await applyPlan(PLAN, exec, { whatIf: true });
    assert.deepEqual(
      exec.calls,
      IDS.map((id) => `test ${id}`),
    );
    assert.deepEqual(exec.state, before);
    assert.deepEqual(outcomes(r.steps), [
      `${IDS[0]} unchanged`,
      `${IDS[1]} would create`,
      `${IDS[2]} would create`,
      `${IDS[3]} would create`,
      `${IDS[4]} would change`,
      `${IDS[5]} would create`,
      `${IDS[6]} would create`,
    ]);
    assert.equal(r.whatIf, true);
    assert.equal(r.changed, false);
  });

  it('on a failure undoes, in reverse, only what this run created and may remove, then throws', async () => {
    // Already there before the run: must survive the rollback.
    exec.put(MC_PORT);
    // Was there but different: this run changed it, did not create it.
    exec.put({ ...PG_PORT, port: 1 });
    const boom = new Error('access denied');
    exec.failSet.set(operationId(FIREWALL), boom);

    const e = await rejection(applyPlan(PLAN, exec));

    assert.deepEqual(exec.only('set'), [IDS[0], IDS[1], IDS[3], IDS[4], IDS[5]]);
    // SOURCE, RIGHT and ACL were created, but all three are kept by policy (the default event
    // source is shared by every server on the host): nothing is undone.
    assert.deepEqual(exec.only('undo'), []);
    assert.equal(exec.has(SOURCE), true, 'the default event source is kept');
    assert.equal(exec.has(RIGHT), true, 'logonRight.grant is kept');
    assert.equal(exec.has(ACL), true, 'fileAcl.ownerOnly is kept');
    assert.equal(exec.state.get(operationId(MC_PORT)), JSON.stringify(MC_PORT), 'pre-existing entry kept');
    assert.equal(exec.state.get(operationId(PG_PORT)), JSON.stringify(PG_PORT), 'changed entry not undone');
    assert.equal(exec.has(SERVICE), false, 'nothing after the failed step ran');
    assert.equal(exec.calls.includes(`test ${IDS[6]}`), false);

    assert.equal(e.code, 'OPERATION_FAILED');
    assert.equal(e.message, 'firewall rule "PgCluster-MC-server1-TCP-In": Error: access denied');
    assert.equal(e.where, PLAN.title);
    assert.equal(
      e.hint,
      'kept on purpose: eventSource.register:MirroringControllerOpen, logonRight.grant:DOM\\symfo, fileAcl.ownerOnly:D:\\mcdir\\network.conf; fix the cause and run it again',
    );
    assert.equal(e.cause, boom);
    const steps = stepsOf(e);
    assert.deepEqual(outcomes(steps), [
      `${IDS[0]} created`,
      `${IDS[1]} created`,
      `${IDS[2]} unchanged`,
      `${IDS[3]} created`,
      `${IDS[4]} changed`,
      `${IDS[5]} failed`,
    ]);
    assert.equal(steps[5]!.detail, 'Error: access denied');
  });

  it('undoes several created operations in reverse order and lists them in the hint', async () => {
    exec.failSet.set(operationId(SERVICE), new Error('no'));
    const e = await rejection(applyPlan(PLAN, exec));
    const removable = [IDS[5], IDS[4], IDS[2]];
    assert.deepEqual(exec.only('undo'), removable);
    assert.deepEqual([...exec.state.keys()], [IDS[0], IDS[1], IDS[3]]);
    assert.equal(
      e.hint,
      `what this run had created was undone (${removable.join(', ')}); kept on purpose: ${IDS[0]}, ${IDS[1]}, ${IDS[3]}; fix the cause and run it again`,
    );
  });

  it("keeps a PgClusterError's code and hint and reports its description in the failed step", async () => {
    exec.failTest.set(
      operationId(PG_PORT),
      new PgClusterError('SERVICES_PORT_TAKEN', 'port 27500/tcp is already reserved for "other"', {
        where: '/etc/services:12',
        hint: 'choose another port',
      }),
    );
    const e = await rejection(applyPlan(PLAN, exec));
    assert.equal(e.code, 'SERVICES_PORT_TAKEN');
    assert.equal(
      e.message,
      'services file entry "pgcluster-pg-server1": port 27500/tcp is already reserved for "other"',
    );
    assert.equal(
      e.hint,
      `choose another port; what this run had created was undone (${IDS[2]}); kept on purpose: ${IDS[0]}, ${IDS[1]}, ${IDS[3]}; fix the cause and run it again`,
    );
    const steps = stepsOf(e);
    assert.equal(steps[4]!.outcome, 'failed');
    assert.equal(
      steps[4]!.detail,
      '/etc/services:12: port 27500/tcp is already reserved for "other"\nHINT: choose another port',
    );
    // A failing Test stops before any Set of that step.
    assert.equal(exec.calls.includes(`set ${IDS[4]}`), false);
  });

  it('says nothing was created when the first step fails', async () => {
    exec.failSet.set(IDS[0]!, 'not even an Error');
    const e = await rejection(applyPlan(PLAN, exec));
    assert.deepEqual(exec.only('undo'), []);
    assert.equal(e.code, 'OPERATION_FAILED');
    assert.equal(e.message, 'Event Log source "MirroringControllerOpen": not even an Error');
    assert.equal(e.hint, 'nothing had been created by this run; fix the cause and run it again');
    assert.ok(e.cause instanceof Error);
  });

  it('does not undo on failure what a previous run had created', async () => {
    await applyPlan({ ...PLAN, operations: OPS.slice(0, 3) }, exec);
    exec.calls.length = 0;
    exec.failSet.set(operationId(SERVICE), new Error('no'));
    const e = await rejection(applyPlan(PLAN, exec));
    assert.deepEqual(exec.only('undo'), [IDS[5], IDS[4]]);
    assert.ok(exec.has(SOURCE) && exec.has(MC_PORT));
    assert.equal(
      e.hint,
      `what this run had created was undone (${IDS[5]}, ${IDS[4]}); kept on purpose: ${IDS[3]}; fix the cause and run it again`,
    );
  });

  it('reports an undo that fails during rollback as a failed step', async () => {
    exec.failSet.set(operationId(SERVICE), new Error('no'));
    exec.failUndo.set(operationId(FIREWALL), new Error('rule locked'));
    const e = await rejection(applyPlan(PLAN, exec));
    assert.deepEqual(exec.only('undo'), [IDS[5], IDS[4], IDS[2]]);
    assert.equal(exec.has(FIREWALL), true);
    assert.equal(
      e.hint,
      `what this run had created was undone (${IDS[4]}, ${IDS[2]}); could NOT be undone, remove by hand: ${IDS[5]}; kept on purpose: ${IDS[0]}, ${IDS[1]}, ${IDS[3]}; fix the cause and run it again`,
    );
    const steps = stepsOf(e);
    const last = steps[steps.length - 1]!;
    assert.equal(last.id, IDS[5]);
    assert.equal(last.outcome, 'failed');
    assert.equal(last.detail, 'rollback failed: Error: rule locked');
  });

  // The only created operation could not be undone: the hint names it instead of claiming nothing was created.
  it('does not claim nothing was created when the rollback itself failed', async () => {
    exec.put(RIGHT);
    exec.put(MC_PORT);
    const plan: Plan = { ...PLAN, operations: [MC_PORT, FIREWALL, SERVICE] };
    exec.failSet.set(operationId(SERVICE), new Error('no'));
    exec.failUndo.set(operationId(FIREWALL), new Error('rule locked'));
    const e = await rejection(applyPlan(plan, exec));
    assert.equal(exec.has(FIREWALL), true, 'the rule is still there');
    assert.doesNotMatch(e.hint ?? '', /nothing had been created/);
    assert.equal(
      e.hint,
      'could NOT be undone, remove by hand: firewall.allowTcp:PgCluster-MC-server1-TCP-In; fix the cause and run it again',
    );
  });
});

describe('undoPlan', () => {
  let exec: FakeExecutor;
  beforeEach(async () => {
    exec = new FakeExecutor();
    await applyPlan(PLAN, exec);
    exec.calls.length = 0;
  });

  it('removes in reverse order and keeps what the policy keeps, without touching it', async () => {
    const r = await undoPlan(PLAN, exec);
    const reversed = [...IDS].reverse();
    assert.deepEqual(exec.only('undo'), [IDS[6], IDS[5], IDS[4], IDS[2]]);
    assert.deepEqual(exec.only('test'), [IDS[6], IDS[5], IDS[4], IDS[2]]);
    assert.deepEqual(outcomes(r.steps), [
      `${reversed[0]} removed`,
      `${reversed[1]} removed`,
      `${reversed[2]} removed`,
      `${reversed[3]} kept`,
      `${reversed[4]} removed`,
      `${reversed[5]} kept`,
      `${reversed[6]} kept`,
    ]);
    assert.equal(r.steps[3]!.detail, 'left in place on purpose');
    assert.equal(r.steps[6]!.detail, 'left in place on purpose');
    assert.equal(r.changed, true);
    assert.equal(r.whatIf, false);
    assert.deepEqual([...exec.state.keys()], [IDS[0], IDS[1], IDS[3]]);
  });

  it('reports absent what is already gone, and changes nothing the second time', async () => {
    await undoPlan(PLAN, exec);
    exec.calls.length = 0;
    const r = await undoPlan(PLAN, exec);
    assert.deepEqual(exec.only('undo'), []);
    assert.deepEqual(
      r.steps.map((s) => s.outcome),
      ['absent', 'absent', 'absent', 'kept', 'absent', 'kept', 'kept'],
    );
    assert.equal(r.changed, false);
  });

  it('removes an operation that is there but different', async () => {
    exec.put({ ...SERVICE, start: 'auto' });
    const r = await undoPlan({ ...PLAN, operations: [SERVICE] }, exec);
    assert.deepEqual(
      r.steps.map((s) => [s.before, s.outcome]),
      [['different', 'removed']],
    );
    assert.equal(exec.has(SERVICE), false);
  });

  it('with whatIf calls only Test and says what would be removed', async () => {
    exec.state.delete(operationId(PG_PORT));
    const before = new Map(exec.state);
    const r = await undoPlan(PLAN, exec, { whatIf: true });
    assert.deepEqual(exec.only('undo'), []);
    assert.deepEqual(exec.state, before);
    assert.deepEqual(
      r.steps.map((s) => s.outcome),
      ['would remove', 'would remove', 'absent', 'kept', 'would remove', 'kept', 'kept'],
    );
    assert.equal(r.whatIf, true);
    assert.equal(r.changed, false);
  });
});

describe('testPlan', () => {
  it('is compliant only when every operation is present', async () => {
    const exec = new FakeExecutor();
    const empty = await testPlan(PLAN, exec);
    assert.equal(empty.compliant, false);
    assert.deepEqual(
      empty.steps.map((s) => [s.before, s.outcome]),
      OPS.map(() => ['absent', 'would create']),
    );

    await applyPlan(PLAN, exec);
    exec.calls.length = 0;
    const all = await testPlan(PLAN, exec);
    assert.equal(all.compliant, true);
    assert.deepEqual(
      exec.calls,
      IDS.map((id) => `test ${id}`),
    );
    assert.deepEqual(
      all.steps.map((s) => s.outcome),
      OPS.map(() => 'unchanged'),
    );

    exec.put({ ...ACL, account: 'DOM\\other' });
    const drift = await testPlan(PLAN, exec);
    assert.equal(drift.compliant, false);
    assert.deepEqual(
      drift.steps.filter((s) => s.before !== 'present').map((s) => [s.id, s.outcome]),
      [[IDS[3], 'would change']],
    );
    assert.deepEqual(exec.only('set'), []);
  });
});

describe('two servers on one Windows host (Appendix B layout)', () => {
  function facts(id: 'server1' | 'server2'): MirroringFacts {
    const s1 = { id: 'server1', host: '192.0.2.100', port: 26540, line: 1 };
    const s2 = { id: 'server2', host: '192.0.2.100', port: 26541, line: 2 };
    const local = id === 'server1' ? s1 : s2;
    const { conf } = parseServerConf(
      `db_instance = 'D:\\\\db\\\\${id}'\ndb_instance_service_name = 'pg-${id}'\n`,
      `D:\\mcdir\\${id}.conf`,
      { serverId: id, mcDir: 'D:\\mcdir', platform: 'win32' },
    );
    const dir: McDirectory = {
      mcDir: 'D:\\mcdir',
      network: [s1, s2],
      local: { entry: local, conf },
      peer: { entry: local === s1 ? s2 : s1 },
      sameHost: true,
      warnings: [],
    };
    return {
      dir,
      target: 'windows',
      account: 'DOM\\symfo',
      start: 'demand',
      failover: false,
      pgBinDir: 'C:\\pg\\bin',
      node: 'node.exe',
      controllerScript: 'main.js',
      mcCtlScript: 'mc_ctl.js',
      protectedFiles: [],
      instancePort: id === 'server1' ? 27500 : 27501,
      instanceExists: true,
    };
  }

  // Both plans register the default source MirroringControllerOpen; uninstalling server1 keeps it,
  // since server2's controller still logs through it.
  it("uninstalling one server leaves the other's installation in place", async () => {
    const exec = new FakeExecutor();
    const p1 = planMirroringInstall(facts('server1'));
    const p2 = planMirroringInstall(facts('server2'));
    await applyPlan(p1, exec);
    await applyPlan(p2, exec);
    const u = await undoPlan(p1, exec);
    assert.deepEqual(
      u.steps.filter((s) => s.kind === 'eventSource.register').map((s) => [s.id, s.outcome]),
      [['eventSource.register:MirroringControllerOpen', 'kept']],
    );
    const t = await testPlan(p2, exec);
    assert.deepEqual(
      t.steps.filter((s) => s.before !== 'present').map((s) => s.id),
      [],
    );
  });
});
