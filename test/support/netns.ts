/**
 * Three hosts on one machine: network namespaces a (server1), b (server2) and c (the arbiter),
 * each pair joined by its own veth link, each host with one address (10.77.0.1, .2, .3) routed
 * over the direct link only, so cutting a link cuts exactly that pair. The test process (the
 * clients) reaches the two database hosts over links of their own, which no cut touches. A cut
 * drops packets silently with iptables in both namespaces, as a broken network does (no reset,
 * no "unreachable"). Needs root and iproute2; every namespace is removed by destroy().
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { childEnv, runAsInstanceUser, type RunResult } from './processes.js';
import { instanceUser } from './osuser.js';

export type Host = 'a' | 'b' | 'c';
export const HOSTS: readonly Host[] = ['a', 'b', 'c'];
const INDEX: Record<Host, number> = { a: 1, b: 2, c: 3 };

/** The address each host is known by in network.conf and connection strings. */
export function hostAddress(h: Host): string {
  return `10.77.0.${INDEX[h]}`;
}

function sh(args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** True when this process may create namespaces (root with iproute2 and iptables). */
export function canMakeHosts(): boolean {
  if (process.geteuid?.() !== 0) return false;
  const probe = `pgcprobe${process.pid % 10000}`;
  try {
    sh(['ip', 'netns', 'add', probe]);
    sh(['ip', 'netns', 'exec', probe, 'iptables', '-L', '-n']);
    return true;
  } catch {
    return false;
  } finally {
    try {
      sh(['ip', 'netns', 'del', probe]);
    } catch {
      /* was not made */
    }
  }
}

export class ThreeHosts {
  private readonly tag = `p${process.pid % 1000}`;
  private readonly cuts = new Set<string>();
  private made = false;

  ns(h: Host): string {
    return `${this.tag}${h}`;
  }

  /** The veth end in `from` that leads to `to` (or to the clients, 'r'). */
  private dev(from: Host | 'r', to: Host | 'r'): string {
    return `${this.tag}${from}${to}`;
  }

  create(): this {
    this.made = true;
    for (const h of HOSTS) {
      sh(['ip', 'netns', 'add', this.ns(h)]);
      this.inNs(h, ['ip', 'link', 'set', 'lo', 'up']);
      this.inNs(h, ['ip', 'addr', 'add', `${hostAddress(h)}/32`, 'dev', 'lo']);
    }
    for (const [x, y] of [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ] as [Host, Host][]) {
      const subnet = `10.77.${INDEX[x]}${INDEX[y]}`;
      sh(['ip', 'link', 'add', this.dev(x, y), 'type', 'veth', 'peer', 'name', this.dev(y, x)]);
      for (const [me, other] of [
        [x, y],
        [y, x],
      ] as [Host, Host][]) {
        sh(['ip', 'link', 'set', this.dev(me, other), 'netns', this.ns(me)]);
        this.inNs(me, ['ip', 'addr', 'add', `${subnet}.${INDEX[me]}/24`, 'dev', this.dev(me, other)]);
        this.inNs(me, ['ip', 'link', 'set', this.dev(me, other), 'up']);
      }
      for (const [me, other] of [
        [x, y],
        [y, x],
      ] as [Host, Host][]) {
        this.inNs(me, [
          'ip',
          'route',
          'add',
          `${hostAddress(other)}/32`,
          'via',
          `${subnet}.${INDEX[other]}`,
          'src',
          hostAddress(me),
        ]);
      }
    }
    // The clients' links: the test process reaches a and b, never through each other.
    for (const h of ['a', 'b'] as Host[]) {
      const subnet = `10.77.10${INDEX[h]}`;
      sh(['ip', 'link', 'add', this.dev('r', h), 'type', 'veth', 'peer', 'name', this.dev(h, 'r')]);
      sh(['ip', 'link', 'set', this.dev(h, 'r'), 'netns', this.ns(h)]);
      sh(['ip', 'addr', 'add', `${subnet}.254/24`, 'dev', this.dev('r', h)]);
      sh(['ip', 'link', 'set', this.dev('r', h), 'up']);
      this.inNs(h, ['ip', 'addr', 'add', `${subnet}.${INDEX[h]}/24`, 'dev', this.dev(h, 'r')]);
      this.inNs(h, ['ip', 'link', 'set', this.dev(h, 'r'), 'up']);
      sh(['ip', 'route', 'add', `${hostAddress(h)}/32`, 'via', `${subnet}.${INDEX[h]}`]);
    }
    return this;
  }

  private inNs(h: Host, args: string[]): void {
    sh(['ip', 'netns', 'exec', this.ns(h), ...args]);
  }

  /** Drops everything between x and y, both ways, on both ends. */
  cut(x: Host, y: Host): void {
    for (const [me, other] of [
      [x, y],
      [y, x],
    ] as [Host, Host][]) {
      this.inNs(me, ['iptables', '-I', 'INPUT', '-i', this.dev(me, other), '-j', 'DROP']);
      this.inNs(me, ['iptables', '-I', 'OUTPUT', '-o', this.dev(me, other), '-j', 'DROP']);
    }
    this.cuts.add(`${x}${y}`);
  }

  heal(x: Host, y: Host): void {
    for (const [me, other] of [
      [x, y],
      [y, x],
    ] as [Host, Host][]) {
      for (const chain of [
        ['INPUT', '-i'],
        ['OUTPUT', '-o'],
      ] as const) {
        try {
          this.inNs(me, ['iptables', '-D', chain[0], chain[1], this.dev(me, other), '-j', 'DROP']);
        } catch {
          /* not cut */
        }
      }
    }
    this.cuts.delete(`${x}${y}`);
  }

  healAll(): void {
    for (const c of [...this.cuts]) this.heal(c[0] as Host, c[1] as Host);
  }

  /** The command line that runs `file args` in host h as the instance user. */
  private command(h: Host, file: string, args: string[]): string[] {
    const u = instanceUser();
    const as = u.switched ? ['setpriv', `--reuid=${u.uid}`, `--regid=${u.gid}`, '--clear-groups'] : [];
    return ['netns', 'exec', this.ns(h), ...as, file, ...args];
  }

  /** Runs a program in host h as the instance user and collects its output. */
  run(
    h: Host,
    file: string,
    args: string[],
    opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
  ): Promise<RunResult> {
    return runAsInstanceUser('ip', this.command(h, file, args), { ...opts, asRoot: true });
  }

  /** Starts a long-running program in host h as the instance user. */
  spawn(h: Host, file: string, args: string[]): ChildProcess {
    return spawn('ip', this.command(h, file, args), { stdio: 'ignore', cwd: '/', env: childEnv() });
  }

  destroy(): void {
    if (!this.made) return;
    for (const h of HOSTS) {
      try {
        sh(['ip', 'netns', 'del', this.ns(h)]);
      } catch {
        /* already gone */
      }
    }
    for (const h of ['a', 'b'] as Host[]) {
      try {
        sh(['ip', 'link', 'del', this.dev('r', h)]);
      } catch {
        /* went with its namespace */
      }
    }
  }
}
