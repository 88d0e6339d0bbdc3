/**
 * A controller's connection to the arbiter: one heartbeat per interval, and the two requests that
 * need its grant (promotion, detaching the standby). It remembers what the last answer said, for
 * the decisions and for mc_ctl status --arbiter. Timeouts and refusals are answers too: an
 * arbiter that cannot be asked grants nothing.
 */
import { isPgClusterError } from '../errors.js';
import type { ServerEntry } from '../config/networkConf.js';
import type { ArbiterHeartbeat, HeartbeatAnswer, PromotionKind } from '../arbiter/rules.js';
import type { GrantAnswer } from '../arbiter/service.js';
import { AdminClient } from './adminNet.js';
import { formatAddress } from './protocol.js';

/** What mc_ctl status --arbiter shows for one controller. */
export interface ArbiterLinkStatus {
  arbiter: string;
  address: string;
  reachable: boolean;
  /** Consecutive heartbeats without an answer. */
  misses: number;
  lastContactMsAgo?: number;
  epoch?: number;
  primaryOnRecord?: string;
  /** How long ago the arbiter last heard from the other server, as it told us. */
  peerSeenAgoMs?: number;
  lastError?: string;
  lastRefusal?: string;
}

export type AskResult =
  { granted: true; epoch: number } | { granted: false; reason: string; unreachable: boolean };

/** What the controller needs of an arbiter, whichever it is (mc_arbiter, or etcd). */
export interface ArbiterClient {
  readonly id: string;
  /** Consecutive heartbeats without an answer. */
  readonly missed: number;
  beat(hb: Omit<ArbiterHeartbeat, 'serverId'>, timeoutMs: number): Promise<HeartbeatAnswer | undefined>;
  promote(
    primary: string,
    kind: PromotionKind,
    silenceMs: number,
    timeoutMs: number,
    dryRun?: boolean,
  ): Promise<AskResult>;
  detach(standby: string, timeoutMs: number): Promise<AskResult>;
  status(): ArbiterLinkStatus;
  close(): void;
}

/** What a controller remembers of its arbiter's answers, whichever kind of arbiter it is. */
export class ArbiterMemory {
  /** Consecutive heartbeats without an answer. */
  misses = 0;
  private lastOkAt: number | undefined;
  private answer: HeartbeatAnswer | undefined;
  private lastError: string | undefined;
  private lastRefusal: string | undefined;

  answered(a: HeartbeatAnswer): HeartbeatAnswer {
    this.answer = a;
    this.misses = 0;
    this.lastOkAt = Date.now();
    this.lastError = undefined;
    return a;
  }

  unanswered(e: unknown): undefined {
    this.misses += 1;
    this.lastError = e instanceof Error ? e.message : String(e);
    return undefined;
  }

  refused(reason: string): AskResult {
    this.lastRefusal = reason;
    return { granted: false, reason, unreachable: false };
  }

  status(arbiter: string, address: string, peerId?: string): ArbiterLinkStatus {
    const a = this.answer;
    const peerSeen = peerId === undefined ? undefined : a?.seenAgoMs[peerId];
    return {
      arbiter,
      address,
      reachable: this.misses === 0 && this.lastOkAt !== undefined,
      misses: this.misses,
      ...(this.lastOkAt !== undefined ? { lastContactMsAgo: Date.now() - this.lastOkAt } : {}),
      ...(a ? { epoch: a.epoch } : {}),
      ...(a?.primary ? { primaryOnRecord: a.primary } : {}),
      ...(peerSeen !== undefined ? { peerSeenAgoMs: peerSeen } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.lastRefusal ? { lastRefusal: this.lastRefusal } : {}),
    };
  }
}

/** mc_arbiter over the admin network protocol. */
export class ArbiterLink implements ArbiterClient {
  private readonly client: AdminClient;
  private readonly memory = new ArbiterMemory();

  constructor(
    private readonly entry: ServerEntry,
    selfId: string,
    private readonly peerId: string,
    key: Buffer,
  ) {
    this.client = new AdminClient({ host: entry.host, port: entry.port, key, selfId, peerId: entry.id });
  }

  get id(): string {
    return this.entry.id;
  }

  /** Consecutive heartbeats the arbiter did not answer. */
  get missed(): number {
    return this.memory.misses;
  }

  /** Sends one heartbeat; resolves with the answer, or undefined when there was none. */
  async beat(
    hb: Omit<ArbiterHeartbeat, 'serverId'>,
    timeoutMs: number,
  ): Promise<HeartbeatAnswer | undefined> {
    try {
      const r = await this.client.call('arb_heartbeat', hb, timeoutMs);
      return this.memory.answered(r.result as HeartbeatAnswer);
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
    return this.ask('arb_promote', { primary, kind, silenceMs, ...(dryRun ? { dryRun } : {}) }, timeoutMs);
  }

  detach(standby: string, timeoutMs: number): Promise<AskResult> {
    return this.ask('arb_detach', { standby }, timeoutMs);
  }

  private async ask(op: string, args: Record<string, unknown>, timeoutMs: number): Promise<AskResult> {
    try {
      const r = (await this.client.call(op, args, timeoutMs)).result as GrantAnswer;
      if (r.granted) return { granted: true, epoch: r.epoch };
      return this.memory.refused(r.reason ?? 'refused');
    } catch (e) {
      const unreachable =
        !isPgClusterError(e) || e.code.startsWith('PEER_') || e.code.startsWith('PROTOCOL_');
      return {
        granted: false,
        reason: `the arbiter ${this.entry.id} could not be asked: ${(e as Error).message}`,
        unreachable,
      };
    }
  }

  status(): ArbiterLinkStatus {
    return this.memory.status(this.entry.id, formatAddress(this.entry.host, this.entry.port), this.peerId);
  }

  close(): void {
    this.client.close();
  }
}
