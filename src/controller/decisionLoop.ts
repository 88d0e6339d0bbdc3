/**
 * Observe → decide → act, wired: each input goes through `step`, its decisions are logged (debug)
 * and recorded, its actions carried out; an action's outcome is fed straight back as a result
 * observation. The memory is replaced whole by each step, which runs synchronously, so inputs that
 * arrive while an action is in flight (a heartbeat) never lose an update.
 */
import { initialMemory, type Memory } from './memory.js';
import type { DecisionInput, SelfRecord } from './observation.js';
import { step } from './step.js';
import { isNotable } from './rules.js';
import { execute, type Effects } from './executor.js';
import type { DecisionRecorder } from './recorder.js';

export class DecisionLoop {
  private current: Memory = initialMemory();

  constructor(
    private readonly fx: Effects,
    private readonly self: () => SelfRecord,
    private readonly fencingCommandConfigured: boolean,
    private readonly debug: (line: string) => void,
    private readonly recorder?: DecisionRecorder,
  ) {}

  get memory(): Readonly<Memory> {
    return this.current;
  }

  async feed(input: DecisionInput): Promise<void> {
    const before = this.current;
    const r = step(before, input);
    this.current = r.memory;
    this.recorder?.write({ memory: before, input, decisions: r.decisions, actions: r.actions });
    for (const d of r.decisions)
      if (isNotable(d.then)) this.debug(`decision (${input.kind}, ${d.stage}): ${d.reason}`);
    for (const a of r.actions) {
      const outcome = await execute(a, this.fx);
      if (outcome) {
        await this.feed({
          kind: 'result',
          at: new Date().toISOString(),
          self: this.self(),
          fencingCommandConfigured: this.fencingCommandConfigured,
          ...outcome,
        });
      }
    }
  }
}
