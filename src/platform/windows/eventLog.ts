/**
 * The Windows Event Log as the controller's system log: each catalog message becomes an
 * Application-log entry of the server's event_source (registered with pgevent.dll, whose one
 * message, id 0, is the text itself). Two ways to write, chosen once:
 *  - edge-js, when installed: .NET's EventLog.WriteEntry in-process (an optional dependency that
 *    the Windows installer ships; it is never needed to build or test the project);
 *  - otherwise one long-lived PowerShell process fed a line per message (node-powershell), so a
 *    message costs no process start.
 * A failure to write is reported once through onError and never stops the controller.
 */
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
}

export function eventLogSink(
  source: string,
  opts: EventLogOptions = {},
): SystemLogSink & { flush(): Promise<void>; close(): Promise<void> } {
  let writer: Promise<ClosableWriter> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let reported = false;
  const choose = async (): Promise<ClosableWriter> => {
    const given = opts.writer ?? (await edgeWriter());
    return given
      ? { write: given, close: () => Promise.resolve() }
      : powershellWriter(opts.powershell ?? 'powershell.exe');
  };
  return {
    write(type, body) {
      writer ??= choose();
      // One at a time and in order: the log reads in the order things happened.
      queue = queue
        .then(async () => (await writer!).write(source, type, body))
        .catch((e: unknown) => {
          if (reported) return;
          reported = true;
          opts.onError?.(e instanceof Error ? e : new Error(String(e)));
        });
    },
    flush() {
      return queue;
    },
    /** Waits for what is queued, then ends the PowerShell process (if one was started). */
    async close() {
      await queue;
      if (writer) await (await writer).close();
    },
  };
}
