import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventLogEntry, eventLogSink, writeEntryCommand } from '../../src/platform/windows/eventLog.js';
import type { MessageType } from '../../src/log/catalog.js';

describe('Windows Event Log sink', () => {
  it('maps message types to entry types as the design says', () => {
    const types: MessageType[] = ['INFO', 'LOG', 'NOTICE', 'WARNING', 'ERROR', 'FATAL', 'PANIC'];
    assert.deepEqual(
      types.map((t) => eventLogEntry(t, 'x').entryType),
      ['Information', 'Information', 'Information', 'Warning', 'Error', 'Error', 'Error'],
    );
  });

  it('cuts an entry longer than the Event Log allows, and says so', () => {
    const { message } = eventLogEntry('LOG', 'a'.repeat(40_000));
    assert.equal(message.length, 31_000 + ' [cut]'.length);
    assert.ok(message.endsWith(' [cut]'));
  });

  it('writes with event id 0 (pgevent.dll renders it as the text) and quotes the text safely', () => {
    assert.equal(
      writeEntryCommand('Mirroring Controller inst1', 'ERROR', "ERROR: server2's disk failed (MCA00103)"),
      "[System.Diagnostics.EventLog]::WriteEntry('Mirroring Controller inst1', 'ERROR: server2''s disk failed (MCA00103)', 'Error', 0)",
    );
  });

  it('writes in order, and reports the first failure once without stopping later writes', async () => {
    const written: string[] = [];
    const errors: Error[] = [];
    let n = 0;
    const sink = eventLogSink('src', {
      writer: async (source, type, body) => {
        n += 1;
        // The first write is slow: order must still hold.
        if (n === 1) await new Promise((r) => setTimeout(r, 30));
        if (body.startsWith('bad')) throw new Error(`cannot write ${body}`);
        written.push(`${source}|${type}|${body}`);
      },
      onError: (e) => errors.push(e),
    });
    sink.write('LOG', 'one');
    sink.write('ERROR', 'bad1');
    sink.write('WARNING', 'bad2');
    sink.write('INFO', 'two');
    await sink.flush();
    assert.deepEqual(written, ['src|LOG|one', 'src|INFO|two']);
    assert.deepEqual(
      errors.map((e) => e.message),
      ['cannot write bad1'],
    );
  });

  it('gives up an entry whose writer hangs, says so once, and writes the next entries with a fresh writer', async () => {
    const written: string[] = [];
    const errors: Error[] = [];
    let calls = 0;
    const sink = eventLogSink('src', {
      entryTimeoutMs: 50,
      writer: (_source, _type, body) => {
        calls += 1;
        if (calls === 1) return new Promise<void>(() => undefined); // a hung shell: never answers
        written.push(body);
        return Promise.resolve();
      },
      onError: (e) => errors.push(e),
    });
    const t0 = Date.now();
    sink.write('LOG', 'one');
    sink.write('LOG', 'two');
    sink.write('LOG', 'three');
    await sink.flush();
    assert.ok(Date.now() - t0 < 2000, 'a hung writer held the queue only for its deadline');
    assert.deepEqual(written, ['two', 'three']);
    assert.deepEqual(
      errors.map((e) => e.message),
      ['the Event Log writer did not answer within 50 ms; it is replaced by a new one'],
    );
  });

  it('keeps at most maxQueued entries waiting, and says how many it dropped in the next entry it writes', async () => {
    const written: string[] = [];
    const sink = eventLogSink('src', {
      maxQueued: 3,
      writer: async (_source, type, body) => {
        await new Promise((r) => setTimeout(r, 10));
        written.push(`${type}|${body}`);
      },
    });
    for (let i = 1; i <= 10; i++) sink.write('LOG', `m${i}`);
    await sink.flush();
    assert.deepEqual(written, ['LOG|m1', 'LOG|m2', 'LOG|m3']);
    sink.write('ERROR', 'later');
    await sink.flush();
    assert.deepEqual(written.slice(3), [
      "WARNING|7 messages were not written to the Event Log because it did not keep up; the controller's log file has them all",
      'ERROR|later',
    ]);
  });

  it('closes within its bound even when the writer never answers', async () => {
    const sink = eventLogSink('src', {
      entryTimeoutMs: 60_000,
      closeTimeoutMs: 50,
      writer: () => new Promise<void>(() => undefined),
    });
    sink.write('LOG', 'stuck');
    const t0 = Date.now();
    await sink.close();
    assert.ok(Date.now() - t0 < 2000, `close took ${Date.now() - t0} ms`);
  });

  it('through a real PowerShell: the failure to write (no Event Log on Linux) is reported, not thrown', async () => {
    const { execFileSync } = await import('node:child_process');
    const path = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const pwsh = execFileSync(path.join(repo, 'scripts', 'powershell-deps'), { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    const errors: Error[] = [];
    const sink = eventLogSink('PgCluster test', { powershell: pwsh, onError: (e) => errors.push(e) });
    sink.write('LOG', 'hello');
    await sink.close();
    assert.equal(errors.length, 1);
    // On Windows the same line writes the entry; here .NET says the Event Log does not exist.
    assert.match(errors[0]!.message, /EventLog|not supported|platform/i);
  });
});
