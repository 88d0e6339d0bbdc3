/**
 * Act: carries out the actions `step` returns, through the controller's effects, and turns the
 * outcome of those that can fail or be refused into a result observation for the next step, so
 * refusals, cancellations and failures are decided by the same table as everything else.
 */
import type { MessageId } from '../log/catalog.js';
import type { Mirroring, MirroringTrigger } from './fsm.js';
import type { LastError } from './state.js';
import type { PendingFailure } from './memory.js';
import type { ResultObservation } from './observation.js';
import type { Action } from './step.js';

/** What the controller can do; each method does one thing and reports nothing but its outcome. */
export interface Effects {
  notify(id: MessageId, args: Record<string, string | number>): void;
  fenceSelf(): Promise<void>;
  isolate(): Promise<void>;
  /** Starts the isolated instance again; throws when it cannot. */
  resume(): Promise<void>;
  restoreStandby(standbyName: string): Promise<void>;
  changeMirroring(trigger: MirroringTrigger): void;
  adoptMirroring(mirroring: Mirroring): void;
  askArbiter(f: PendingFailure): Promise<{ granted: boolean; reason?: string }>;
  /** True when the fencing command allows the action. */
  runFencingCommand(f: PendingFailure): Promise<boolean>;
  /** Throw on failure, with the reason as the message. */
  promote(f: PendingFailure, lastError: LastError): Promise<void>;
  disconnect(f: PendingFailure, lastError: LastError): Promise<void>;
  recordError(lastError: LastError): void;
  /** True when the arbiter recorded this server's promotion. */
  recordOnArbiter(primary: string): Promise<boolean>;
  clearUnrecorded(): void;
}

export type Outcome = Pick<ResultObservation, 'of' | 'ok' | 'detail'>;

const failed = (of: Outcome['of'], e: unknown): Outcome => ({
  of,
  ok: false,
  detail: (e as Error).message,
});

/** Carries one action out; the outcome of those whose result the table decides on. */
export async function execute(a: Action, fx: Effects): Promise<Outcome | undefined> {
  switch (a.do) {
    case 'notify':
      fx.notify(a.id, a.args);
      return undefined;
    case 'fence_self':
      await fx.fenceSelf();
      return undefined;
    case 'isolate':
      await fx.isolate();
      return undefined;
    case 'resume':
      return fx.resume().then(
        () => ({ of: 'resume', ok: true }),
        (e: unknown) => failed('resume', e),
      );
    case 'restore_standby':
      await fx.restoreStandby(a.standbyName);
      return undefined;
    case 'mirroring':
      fx.changeMirroring(a.trigger);
      return undefined;
    case 'adopt_mirroring':
      fx.adoptMirroring(a.mirroring);
      return undefined;
    case 'ask_arbiter': {
      const g = await fx.askArbiter(a.failure);
      return { of: 'ask_arbiter', ok: g.granted, ...(g.reason ? { detail: g.reason } : {}) };
    }
    case 'run_fencing_command':
      return { of: 'run_fencing_command', ok: await fx.runFencingCommand(a.failure) };
    case 'promote':
      return fx.promote(a.failure, a.lastError).then(
        () => ({ of: 'promote', ok: true }),
        (e: unknown) => failed('promote', e),
      );
    case 'disconnect':
      return fx.disconnect(a.failure, a.lastError).then(
        () => ({ of: 'disconnect', ok: true }),
        (e: unknown) => failed('disconnect', e),
      );
    case 'record_error':
      fx.recordError(a.lastError);
      return undefined;
    case 'record_on_arbiter':
      return { of: 'record_on_arbiter', ok: await fx.recordOnArbiter(a.primary) };
    case 'clear_unrecorded':
      fx.clearUnrecorded();
      return undefined;
  }
}
