/**
 * The Windows Event Log as the controller's system log: each catalog message becomes an
 * Application-log entry of the server's event_source (registered with pgevent.dll, whose one
 * message, id 0, is the text itself). Two ways to write, chosen once:
 *  - edge-js, when an administrator has installed it next to the product (the MSI does not ship
 *    it, and nothing here needs it): .NET's EventLog.WriteEntry in-process;
 *  - otherwise one long-lived Windows PowerShell process fed a line per message
 *    (node-powershell), so a message costs no process start.
 * Writing never holds the controller up: entries wait in a bounded queue (what overflows is
 * counted and said in the next entry), each entry has a deadline after which the writer is
 * replaced by a fresh one, and close() waits a bounded time. A failure to write is reported once
 * through onError. */
import type { MessageType } from '../../log/catalog.js';
import type { SystemLogSink } from '../posix/syslog.js';
import { psLiteral } from './powershellModule.js';

export type EntryType = 'Information' | 'Warning' | 'Error';

const ENTRY: Record<MessageType, EntryType> = {
  INFO: 'Information',
  LOG: 'Information',
  NOTICE: 'Information',
  WARNING: 'Warning',
  ERROR: 'Error',
  FATAL: 'Error',
  PANIC: 'Error',
};

/** The Event Log limits one entry to 31,839 characters; longer text is cut with a mark. */
const MAX_ENTRY_CHARS = 31_000;

export function eventLogEntry(type: MessageType, body: string): { entryType: EntryType; message: string } {
  const message = body.length > MAX_ENTRY_CHARS ? `${body.slice(0, MAX_ENTRY_CHARS)} [cut]` : body;
  return { entryType: ENTRY[type], message };
}

/** The PowerShell line that writes one entry (event id 0: pgevent.dll's "%1" message). */
export function writeEntryCommand(source: string, type: MessageType, body: string): string {
  const { entryType, message } = eventLogEntry(type, body);
  return `[System.Diagnostics.EventLog]::WriteEntry(${psLiteral(source)}, ${psLiteral(message)}, '${entryType}', 0)`;
}

type Writer = (source: string, type: MessageType, body: string) => Promise<void>;

const EDGE_SOURCE = `
  using System.Diagnostics;
  using System.Threading.Tasks;
  public class Startup {
    public async Task<object> Invoke(dynamic e) {
      EventLog.WriteEntry((string)e.source, (string)e.message,
        (EventLogEntryType)System.Enum.Parse(typeof(EventLogEntryType), (string)e.entryType), 0);
      return null;
    }
  }`;

async function edgeWriter(): Promise<Writer | undefined> {
  try {
    // A variable, so that TypeScript and bundlers do not require the optional package.
    const name = 'edge-js';
    const edge = (await import(name)) as {
      func: (src: string) => (input: unknown, cb: (err: unknown) => void) => void;
    };
    const write = edge.func(EDGE_SOURCE);
    return (source, type, body) =>
      new Promise((resolve, reject) =>
        write({ source, ...eventLogEntry(type, body) }, (err) =>
          err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(),
        ),
      );
  } catch {
    return undefined;
  }
}

interface ClosableWriter {
  write: Writer;
  close(): Promise<void>;
}

function powershellWriter(executable: string): ClosableWriter {
  type Shell = { invoke(c: string): Promise<{ raw: string }>; dispose(): Promise<void> };
  let shell: Promise<Shell> | undefined;
  return {
    async write(source, type, body) {
      shell ??= import('node-powershell').then(
        ({ PowerShell }) =>
          new PowerShell({
            executable,
            executableOptions: { '-NoProfile': true, '-NonInteractive': true },
            throwOnInvocationError: false,
          }),
      );
      const s = await shell;
      const r = await s.invoke(
        `try { ${writeEntryCommand(source, type, body)}; 'PGC-OK' } catch { 'PGC-ERR ' + $_.Exception.Message }`,
      );
      const err = /PGC-ERR (.*)/.exec(r.raw);
      if (err || !r.raw.includes('PGC-OK'))
        throw new Error(err?.[1]?.trim() ?? `no answer from ${executable}`);
    },
    async close() {
      if (shell) await (await shell).dispose().catch(() => undefined);
    },
  };
}

export interface EventLogOptions {
  /** Called once, on the first failure to write (the source may not be registered). */
  onError?: (error: Error) => void;
  /** For tests and unusual servers; default: edge-js if present, else Windows PowerShell. */
  writer?: Writer;
  powershell?: string;
  /** Entries that may wait at once; more are dropped and counted (default 1000). */
  maxQueued?: number;
  /** How long one entry may take before its writer is given up (default 10 s). */
  entryTimeoutMs?: number;
  /** How long close() waits for the queue and the writer (default 5 s). */
  closeTimeoutMs?: number;
}

/** Resolves with `p`, or rejects with `what` once `ms` have passed. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    // Not unref'd: a pending entry is work to finish; the timer is cleared as soon as it settles.
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function eventLogSink(
  source: string,
  opts: EventLogOptions = {},
): SystemLogSink & { flush(): Promise<void>; close(): Promise<void> } {
  const maxQueued = opts.maxQueued ?? 1000;
  const entryTimeoutMs = opts.entryTimeoutMs ?? 10_000;
  const closeTimeoutMs = opts.closeTimeoutMs ?? 5000;
  let writer: Promise<ClosableWriter> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  let dropped = 0;
  let reported = false;
  const choose = async (): Promise<ClosableWriter> => {
    const given = opts.writer ?? (await edgeWriter());
    return given
      ? { write: given, close: () => Promise.resolve() }
      : powershellWriter(opts.powershell ?? 'powershell.exe');
  };
  const report = (e: unknown) => {
    if (reported) return;
    reported = true;
    opts.onError?.(e instanceof Error ? e : new Error(String(e)));
  };
  const writeOne = async (type: MessageType, body: string) => {
    const current = (writer ??= choose());
    try {
      await within(
        current.then((w) => w.write(source, type, body)),
        entryTimeoutMs,
        `the Event Log writer did not answer within ${entryTimeoutMs} ms; it is replaced by a new one`,
      );
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('the Event Log writer did not answer')) {
        // A hung shell is abandoned (its close is not awaited: it may hang too); the next entry starts another.
        if (writer === current) writer = undefined;
        void current.then((w) => w.close()).catch(() => undefined);
      }
      throw e;
    }
  };
  return {
    write(type, body) {
      if (queued >= maxQueued) {
        dropped += 1;
        return;
      }
      queued += 1;
      // Said where they were lost: before the first entry accepted after them.
      const n = dropped;
      dropped = 0;
      // One at a time and in order: the log reads in the order things happened.
      queue = queue
        .then(async () => {
          if (n > 0) {
            await writeOne(
              'WARNING',
              `${n} message${n > 1 ? 's were' : ' was'} not written to the Event Log because it did not keep up; the controller's log file has them all`,
            ).catch(report);
          }
          await writeOne(type, body);
        })
        .catch(report)
        .finally(() => {
          queued -= 1;
        });
    },
    flush() {
      return queue;
    },
    /** Waits (bounded) for what is queued, then ends the PowerShell process (if one was started). */
    async close() {
      await within(queue, closeTimeoutMs, 'close').catch(() => undefined);
      if (writer)
        await within(
          writer.then((w) => w.close()),
          closeTimeoutMs,
          'close',
        ).catch(() => undefined);
    },
  };
}
