/**
 * A bounded recording of what the decision step was fed and what it decided, one JSON line per
 * input, so an incident can be explained afterwards and replayed (mc_ctl replay) without the
 * processes that produced it. Off unless decision_record_max_size is set; past the size the file
 * is moved to `<file>.1` (replacing an older one) and a new one begun.
 */
import { appendFileSync, renameSync, statSync } from 'node:fs';
import { PgClusterError } from '../errors.js';
import type { Memory } from './memory.js';
import type { DecisionInput } from './observation.js';
import type { Action, Decision } from './step.js';

export interface RecordedStep {
  /** The memory the step started from: any line can be replayed on its own. */
  memory: Memory;
  input: DecisionInput;
  decisions: Decision[];
  actions: Action[];
}

export class DecisionRecorder {
  private size: number;

  constructor(
    readonly file: string,
    private readonly maxBytes: number,
  ) {
    try {
      this.size = statSync(file).size;
    } catch {
      this.size = 0;
    }
  }

  write(entry: RecordedStep): void {
    const line = `${JSON.stringify(entry)}\n`;
    if (this.size > 0 && this.size + line.length > this.maxBytes) {
      renameSync(this.file, `${this.file}.1`);
      this.size = 0;
    }
    appendFileSync(this.file, line, { mode: 0o600 });
    this.size += line.length;
  }
}

/** The steps of a recording; a line that is not one is an error naming the line. */
export function parseRecording(text: string, file: string): RecordedStep[] {
  const out: RecordedStep[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let e: Partial<RecordedStep>;
    try {
      e = JSON.parse(line) as Partial<RecordedStep>;
    } catch {
      throw new PgClusterError('RECORDING_INVALID', `line ${i + 1} is not JSON`, {
        where: file,
        hint: 'give a file written by the controller (decision_record_max_size); a line cut short by a crash can be deleted',
      });
    }
    if (!e.memory || !e.input || typeof e.input.kind !== 'string' || !Array.isArray(e.decisions)) {
      throw new PgClusterError('RECORDING_INVALID', `line ${i + 1} is not a recorded decision`, {
        where: file,
        hint: 'give a file written by the controller (<server>.decisions.jsonl in the management directory)',
      });
    }
    out.push(e as RecordedStep);
  });
  return out;
}
