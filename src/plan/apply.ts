/**
 * Runs a plan through an executor: Test before every Set (so a re-run changes nothing), Undo in
 * reverse order, and a rollback of what this run created when a step fails, so a failed install
 * leaves the machine as it found it. With whatIf, only Test runs.
 */
import { PgClusterError, isPgClusterError } from '../errors.js';
import { describeOperation, operationId, undoPolicy, type Operation, type Plan } from './operations.js';

/** present: already as planned; different: exists but not as planned; absent: not there. */
export type OperationState = 'present' | 'different' | 'absent';

export interface OperationExecutor {
  test(op: Operation): Promise<{ state: OperationState; detail?: string }>;
  set(op: Operation): Promise<void>;
  undo(op: Operation): Promise<void>;
}

export type Outcome =
  | 'unchanged'
  | 'changed'
  | 'created'
  | 'would change'
  | 'would create'
  | 'removed'
  | 'would remove'
  | 'absent'
  | 'kept'
  | 'rolled back'
  | 'failed';

export interface StepReport {
  id: string;
  kind: Operation['kind'];
  target: string;
  action: string;
  before: OperationState;
  outcome: Outcome;
  detail?: string;
}

export interface PlanReport {
  title: string;
  whatIf: boolean;
  steps: StepReport[];
  changed: boolean;
  notes: string[];
}

function step(op: Operation, before: OperationState, outcome: Outcome, detail?: string): StepReport {
  const d = describeOperation(op);
  return {
    id: operationId(op),
    kind: op.kind,
    ...d,
    before,
    outcome,
    ...(detail === undefined ? {} : { detail }),
  };
}

const changedOutcomes = new Set<Outcome>(['changed', 'created', 'removed']);

/** Makes every operation true, in order. On a failure, undoes what this run created, then throws. */
export async function applyPlan(
  plan: Plan,
  exec: OperationExecutor,
  opts: { whatIf?: boolean } = {},
): Promise<PlanReport> {
  const steps: StepReport[] = [];
  const created: Operation[] = [];
  for (const op of plan.operations) {
    let before: OperationState = 'absent';
    try {
      const t = await exec.test(op);
      before = t.state;
      if (t.state === 'present') {
        steps.push(step(op, before, 'unchanged', t.detail));
        continue;
      }
      if (opts.whatIf) {
        steps.push(step(op, before, before === 'absent' ? 'would create' : 'would change', t.detail));
        continue;
      }
      await exec.set(op);
      steps.push(step(op, before, before === 'absent' ? 'created' : 'changed', t.detail));
      if (before === 'absent') created.push(op);
    } catch (e) {
      steps.push(step(op, before, 'failed', isPgClusterError(e) ? e.describe() : String(e)));
      const { undone, failed } = await rollBack(created, exec, steps);
      const kept = created.filter((c) => undoPolicy(c) === 'keep').map(operationId);
      const parts: string[] = [];
      if (undone.length) parts.push(`what this run had created was undone (${undone.join(', ')})`);
      if (failed.length) parts.push(`could NOT be undone, remove by hand: ${failed.join(', ')}`);
      if (kept.length) parts.push(`kept on purpose: ${kept.join(', ')}`);
      if (!created.length) parts.push('nothing had been created by this run');
      throw new PgClusterError(
        isPgClusterError(e) ? e.code : 'OPERATION_FAILED',
        `${describeOperation(op).target}: ${isPgClusterError(e) ? e.message : String(e)}`,
        {
          where: plan.title,
          hint: [
            isPgClusterError(e) ? e.hint : undefined,
            `${parts.join('; ')}; fix the cause and run it again`,
          ]
            .filter(Boolean)
            .join('; '),
          cause: Object.assign(e instanceof Error ? e : new Error(String(e)), { steps }),
        },
      );
    }
  }
  return {
    title: plan.title,
    whatIf: !!opts.whatIf,
    steps,
    changed: steps.some((s) => changedOutcomes.has(s.outcome)),
    notes: plan.notes,
  };
}

async function rollBack(
  created: Operation[],
  exec: OperationExecutor,
  steps: StepReport[],
): Promise<{ undone: string[]; failed: string[] }> {
  const undone: string[] = [];
  const failed: string[] = [];
  for (const op of [...created].reverse()) {
    if (undoPolicy(op) === 'keep') continue;
    try {
      await exec.undo(op);
      undone.push(operationId(op));
      const s = steps.find((x) => x.id === operationId(op));
      if (s) s.outcome = 'rolled back';
    } catch (e) {
      failed.push(operationId(op));
      steps.push(step(op, 'present', 'failed', `rollback failed: ${String(e)}`));
    }
  }
  return { undone, failed };
}

/** Undoes the plan in reverse order; what is already gone, or kept by policy, is reported as such. */
export async function undoPlan(
  plan: Plan,
  exec: OperationExecutor,
  opts: { whatIf?: boolean } = {},
): Promise<PlanReport> {
  const steps: StepReport[] = [];
  for (const op of [...plan.operations].reverse()) {
    if (undoPolicy(op) === 'keep') {
      steps.push(step(op, 'present', 'kept', 'left in place on purpose'));
      continue;
    }
    const t = await exec.test(op);
    if (t.state === 'absent') {
      steps.push(step(op, 'absent', 'absent', t.detail));
      continue;
    }
    if (opts.whatIf) {
      steps.push(step(op, t.state, 'would remove', t.detail));
      continue;
    }
    await exec.undo(op);
    steps.push(step(op, t.state, 'removed', t.detail));
  }
  return {
    title: plan.title,
    whatIf: !!opts.whatIf,
    steps,
    changed: steps.some((s) => changedOutcomes.has(s.outcome)),
    notes: plan.notes,
  };
}

/** Test only: which operations are not (or no longer) as planned. */
export async function testPlan(
  plan: Plan,
  exec: OperationExecutor,
): Promise<{ compliant: boolean; steps: StepReport[] }> {
  const steps: StepReport[] = [];
  for (const op of plan.operations) {
    const t = await exec.test(op);
    const outcome: Outcome =
      t.state === 'present' ? 'unchanged' : t.state === 'absent' ? 'would create' : 'would change';
    steps.push(step(op, t.state, outcome, t.detail));
  }
  return { compliant: steps.every((s) => s.before === 'present'), steps };
}
