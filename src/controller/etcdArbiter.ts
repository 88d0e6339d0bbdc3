/**
 * etcd (v3, through its JSON gateway) as the arbiter, for sites that already run one: the same
 * rules as mc_arbiter (src/arbiter/rules.ts), with etcd holding what mc_arbiter holds.
 *  - `<prefix>/record`: the arbiter's record (JSON). Every change is a transaction that succeeds
 *    only if the record is unchanged since it was read (its mod_revision), so of two servers
 *    deciding at once, exactly one wins; the loser reads again and decides again.
 *  - `<prefix>/alive/<server>`: each controller's last heartbeat, on a lease of its own that lives
 *    a little longer than a live controller stays silent. A key that is gone is a server the
 *    arbiter lost; one that says unhealthy is a server reporting its own failure.
 */
import { PgClusterError } from '../errors.js';
import {
  EMPTY_RECORD,
  decideDetach,
  decidePromotion,
  noteHeartbeat,
  type ArbiterHeartbeat,
  type ArbiterRecord,
  type ArbiterRole,
  type Grant,
  type HeartbeatAnswer,
  type PromotionKind,
  type Sightings,
} from '../arbiter/rules.js';
import { parseRecord } from '../arbiter/store.js';
import { ArbiterMemory, type ArbiterClient, type ArbiterLinkStatus, type AskResult } from './arbiterLink.js';

interface Kv {
  key: string;
  value?: string;
  mod_revision?: string;
}

/** How an etcd arbiter is named in status and logs. */
export function etcdArbiterName(prefix: string): string {
  return `etcd ${prefix}`;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');

/** The key right after every key that starts with `prefix` (etcd's range_end for a prefix). */
function prefixEnd(prefix: string): string {
  const b = Buffer.from(prefix, 'utf8');
  b[b.length - 1] = b[b.length - 1]! + 1;
  return b.toString('base64');
}

export class EtcdArbiter implements ArbiterClient {
  readonly id: string;
  private readonly memory = new ArbiterMemory();
  private lease: string | undefined;
  private endpoint = 0;

  constructor(
    private readonly endpoints: string[],
    private readonly prefix: string,
    private readonly selfId: string,
    /** Seconds the heartbeat key outlives its last renewal: the arbiter's silence limit. */
    private readonly ttlS: number,
  ) {
    this.id = etcdArbiterName(prefix);
  }

  get missed(): number {
    return this.memory.misses;
  }

  /** One gateway call; on a connection error the next endpoint is tried once. */
  private async call<T>(path: string, body: unknown, timeoutMs: number): Promise<T> {
    let last: unknown;
    for (let tries = 0; tries < Math.min(2, this.endpoints.length); tries++) {
      const base = this.endpoints[this.endpoint % this.endpoints.length]!;
      try {
        const res = await fetch(`${base.replace(/\/$/, '')}/v3/${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
        const json = (await res.json()) as T & { error?: string; message?: string };
        if (!res.ok)
          throw new PgClusterError(
            'ETCD_ERROR',
            `etcd ${base} answered ${res.status}: ${json.message ?? json.error ?? ''}`,
          );
        return json;
      } catch (e) {
        last = e;
        if (e instanceof PgClusterError) throw e;
        this.endpoint++;
      }
    }
    throw new PgClusterError(
      'PEER_UNREACHABLE',
      `etcd does not answer (${this.endpoints.join(', ')}): ${(last as Error).message}`,
    );
  }

  private aliveKey(id: string): string {
    return `${this.prefix}/alive/${id}`;
  }

  private recordKey(): string {
    return `${this.prefix}/record`;
  }

  /** The record and its mod_revision ('0' when it does not exist yet), and every alive key. */
  private async read(timeoutMs: number): Promise<{
    record: ArbiterRecord;
    rev: string;
    sightings: Sightings;
    aliveRevs: Record<string, string>;
  }> {
    const [rec, alive] = await Promise.all([
      this.call<{ kvs?: Kv[] }>('kv/range', { key: b64(this.recordKey()) }, timeoutMs),
      this.call<{ kvs?: Kv[] }>(
        'kv/range',
        { key: b64(`${this.prefix}/alive/`), range_end: prefixEnd(`${this.prefix}/alive/`) },
        timeoutMs,
      ),
    ]);
    const kv = rec.kvs?.[0];
    let record = EMPTY_RECORD;
    if (kv) {
      let parsed: ArbiterRecord | undefined;
      try {
        parsed = parseRecord(JSON.parse(unb64(kv.value)));
      } catch {
        parsed = undefined;
      }
      if (!parsed)
        throw new PgClusterError(
          'STATE_CORRUPT',
          `etcd key ${this.recordKey()} is not the arbiter's record`,
          {
            hint: 'another program writes under arbiter_etcd_prefix: give this pair a prefix of its own',
          },
        );
      record = parsed;
    }
    // Present keys were renewed within the lease: "seen now". Absent ones count as silent since
    // before anyone could remember (see clock() below).
    const now = Date.now();
    const sightings: Record<string, { at: number; role: ArbiterRole; healthy: boolean }> = {};
    const aliveRevs: Record<string, string> = {};
    for (const a of alive.kvs ?? []) {
      const id = unb64(a.key).slice(`${this.prefix}/alive/`.length);
      try {
        const v = JSON.parse(unb64(a.value)) as { role: ArbiterRole; healthy: boolean };
        sightings[id] = { at: now, role: v.role, healthy: v.healthy };
        aliveRevs[id] = a.mod_revision ?? '0';
      } catch {
        /* not ours: ignored */
      }
    }
    return { record, rev: kv?.mod_revision ?? '0', sightings, aliveRevs };
  }

  /** A clock under which an absent key is silent for longer than any silence limit. */
  private clock(silenceMs: number) {
    const now = Date.now();
    return { now, startedAt: now - silenceMs - this.ttlS * 1000 - 1 };
  }

  /**
   * Writes the record if nobody changed it since `rev` (and, for a promotion, the old primary's
   * heartbeat key is as it was read: still gone, or not renewed since); false when either moved.
   */
  private async commit(
    record: ArbiterRecord,
    rev: string,
    timeoutMs: number,
    alive?: { id: string; rev: string | undefined },
  ): Promise<boolean> {
    const key = b64(this.recordKey());
    const unchanged = (k: string, r: string | undefined) =>
      r === undefined || r === '0'
        ? { key: k, target: 'CREATE', result: 'EQUAL', create_revision: '0' }
        : { key: k, target: 'MOD', result: 'EQUAL', mod_revision: r };
    const compare = [unchanged(key, rev)];
    if (alive) compare.push(unchanged(b64(this.aliveKey(alive.id)), alive.rev));
    const r = await this.call<{ succeeded?: boolean }>(
      'kv/txn',
      { compare, success: [{ request_put: { key, value: b64(JSON.stringify({ version: 1, ...record })) } }] },
      timeoutMs,
    );
    return r.succeeded === true;
  }

  async beat(
    hb: Omit<ArbiterHeartbeat, 'serverId'>,
    timeoutMs: number,
  ): Promise<HeartbeatAnswer | undefined> {
    try {
      if (this.lease) {
        const k = await this.call<{ result?: { TTL?: string } }>(
          'lease/keepalive',
          { ID: this.lease },
          timeoutMs,
        );
        // Expired while this server was away (or cut off): its key is gone; start a new lease.
        if (!k.result?.TTL || k.result.TTL === '0') this.lease = undefined;
      }
      if (!this.lease) {
        const g = await this.call<{ ID: string }>('lease/grant', { TTL: String(this.ttlS) }, timeoutMs);
        this.lease = g.ID;
      }
      await this.call(
        'kv/put',
        {
          key: b64(this.aliveKey(this.selfId)),
          value: b64(JSON.stringify({ role: hb.role, healthy: hb.healthy })),
          lease: this.lease,
        },
        timeoutMs,
      );
      let answer: HeartbeatAnswer | undefined;
      for (let attempt = 0; attempt < 3 && !answer; attempt++) {
        const { record, rev, sightings } = await this.read(timeoutMs);
        const r = noteHeartbeat(record, sightings, { serverId: this.selfId, ...hb }, this.clock(0));
        if (r.record === record || (await this.commit(r.record, rev, timeoutMs))) answer = r.answer;
      }
      if (!answer) throw new PgClusterError('ETCD_ERROR', 'the record kept changing under this heartbeat');
      return this.memory.answered(answer);
    } catch (e) {
      return this.memory.unanswered(e);
    }
  }

  promote(
    primary: string,
    kind: PromotionKind,
    silenceMs: number,
    timeoutMs: number,
    dryRun = false,
  ): Promise<AskResult> {
    return this.decide(
      (record, sightings) =>
        decidePromotion(
          record,
          sightings,
          { from: this.selfId, primary, kind, silenceMs },
          this.clock(silenceMs),
        ),
      timeoutMs,
      dryRun,
      primary,
    );
  }

  detach(standby: string, timeoutMs: number): Promise<AskResult> {
    return this.decide(
      (record, sightings) => decideDetach(record, sightings, { from: this.selfId, standby }),
      timeoutMs,
      false,
    );
  }

  /** `watch`: a server whose heartbeat key must not change before the decision is written. */
  private async decide(
    rule: (record: ArbiterRecord, sightings: Sightings) => Grant,
    timeoutMs: number,
    dryRun: boolean,
    watch?: string,
  ): Promise<AskResult> {
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const { record, rev, sightings, aliveRevs } = await this.read(timeoutMs);
        const g = rule(record, sightings);
        if (!g.granted) return this.memory.refused(g.reason);
        const alive = watch === undefined ? undefined : { id: watch, rev: aliveRevs[watch] };
        if (dryRun || g.record === record || (await this.commit(g.record, rev, timeoutMs, alive)))
          return { granted: true, epoch: g.epoch };
      }
      return {
        granted: false,
        reason: 'the record in etcd kept changing; asked again next interval',
        unreachable: false,
      };
    } catch (e) {
      return {
        granted: false,
        reason: `etcd could not be asked: ${(e as Error).message}`,
        unreachable: true,
      };
    }
  }

  status(): ArbiterLinkStatus {
    return this.memory.status(this.id, this.endpoints.join(','));
  }

  close(): void {
    // The lease simply expires; revoking it would make this server look gone at once.
  }
}
