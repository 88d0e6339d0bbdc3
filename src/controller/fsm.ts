/**
 * The Mirroring Controller's state machine, as two tables a reader can see whole.
 *
 * A server's ROLE changes only through a row of ROLE_TRANSITIONS; the pair's MIRRORING status only
 * through a row of MIRRORING_TRANSITIONS. Each row's reason is what the log prints at the change.
 * Asking for a change no row allows is a programming error and throws loudly: that is how the
 * safety rules (e.g. an inactivated primary never becomes primary again) are enforced in one place.
 * `mc_ctl fsm` prints both tables, and docs/state-machine.md is generated from them.
 */
import { RULES, factsFor, type InputKind, type Rule, type RuleRole } from './rules.js';

export type Role = 'unset' | 'primary' | 'standby' | 'inactivated_primary' | 'inactivated_standby';
export type Mirroring = 'switchable' | 'not-switchable' | 'switched';

export type RoleTrigger = 'start' | 'setup' | 'promote' | 'fence' | 'disconnect';
export type MirroringTrigger = 'standby_synced' | 'standby_lost' | 'promoted';

interface Row<S, T> {
  from: S;
  to: S;
  trigger: T;
  reason: string;
}

export const ROLE_TRANSITIONS: readonly Row<Role, RoleTrigger>[] = [
  {
    from: 'unset',
    to: 'primary',
    trigger: 'start',
    reason: 'the instance is not in recovery, so this server starts as the primary',
  },
  {
    from: 'unset',
    to: 'standby',
    trigger: 'start',
    reason: 'the instance is in recovery, so this server starts as a standby',
  },
  {
    from: 'unset',
    to: 'standby',
    trigger: 'setup',
    reason: 'built as a standby from the primary by mc_ctl setup',
  },
  { from: 'standby', to: 'standby', trigger: 'setup', reason: 'rebuilt as a standby by mc_ctl setup' },
  {
    from: 'primary',
    to: 'standby',
    trigger: 'setup',
    reason: 'a former primary rebuilt as a standby by mc_ctl setup',
  },
  {
    from: 'inactivated_primary',
    to: 'standby',
    trigger: 'setup',
    reason: 'the inactivated primary was rebuilt as a standby of the new primary',
  },
  {
    from: 'inactivated_standby',
    to: 'standby',
    trigger: 'setup',
    reason: 'the disconnected standby was rebuilt by mc_ctl setup',
  },
  {
    from: 'inactivated_standby',
    to: 'standby',
    trigger: 'start',
    reason: 'the disconnected standby was started again',
  },
  { from: 'standby', to: 'primary', trigger: 'promote', reason: 'the standby was promoted by a switch' },
  {
    from: 'primary',
    to: 'inactivated_primary',
    trigger: 'fence',
    reason: 'the primary was stopped by a switch; rebuild it with mc_ctl setup before it runs again',
  },
  {
    from: 'standby',
    to: 'inactivated_standby',
    trigger: 'disconnect',
    reason: 'the standby was disconnected from the primary',
  },
];

export const MIRRORING_TRANSITIONS: readonly Row<Mirroring, MirroringTrigger>[] = [
  {
    from: 'not-switchable',
    to: 'switchable',
    trigger: 'standby_synced',
    reason: 'the standby streams in sync, so a switch is possible',
  },
  {
    from: 'switched',
    to: 'switchable',
    trigger: 'standby_synced',
    reason: 'the rebuilt standby streams in sync; the pair is whole again',
  },
  {
    from: 'switchable',
    to: 'not-switchable',
    trigger: 'standby_lost',
    reason: 'the standby was disconnected, so no switch is possible',
  },
  {
    from: 'switchable',
    to: 'switched',
    trigger: 'promoted',
    reason: 'a switch completed; the pair runs degraded until the old primary is rebuilt',
  },
  {
    from: 'not-switchable',
    to: 'switched',
    trigger: 'promoted',
    reason: 'a forced switch completed; the pair runs degraded until the old primary is rebuilt',
  },
];

export class IllegalTransitionError extends Error {
  constructor(kind: string, from: string, trigger: string) {
    super(`no ${kind} transition from '${from}' on '${trigger}'`);
    this.name = 'IllegalTransitionError';
  }
}

/** The row for a role change, or throws: callers never change a role without one. */
export function roleTransition(from: Role, trigger: RoleTrigger, to?: Role): Row<Role, RoleTrigger> {
  const row = ROLE_TRANSITIONS.find(
    (r) => r.from === from && r.trigger === trigger && (to === undefined || r.to === to),
  );
  if (!row) throw new IllegalTransitionError('role', from, trigger);
  return row;
}

/** The row for a mirroring change, or undefined when the trigger changes nothing in this status. */
export function mirroringTransition(
  from: Mirroring,
  trigger: MirroringTrigger,
): Row<Mirroring, MirroringTrigger> | undefined {
  return MIRRORING_TRANSITIONS.find((r) => r.from === from && r.trigger === trigger);
}

/** The host_role column of mc_ctl status. */
export function hostRoleLabel(role: Role | 'unknown'): string {
  switch (role) {
    case 'primary':
      return 'primary';
    case 'standby':
      return 'standby';
    case 'inactivated_primary':
      return 'none(inactivated primary)';
    case 'inactivated_standby':
      return 'none(inactivated standby)';
    default:
      return 'unknown';
  }
}

export type FsmFormat = 'markdown' | 'dot' | 'json';

const condition = (when: Readonly<Record<string, boolean>>) =>
  Object.keys(when).length === 0
    ? 'otherwise'
    : Object.entries(when)
        .map(([n, v]) => (v ? n : `not ${n}`))
        .join(' and ');

/** The decision table's groups: each input kind and role, its stages in order. */
function decisionGroups(): { input: InputKind; role: RuleRole; rows: Rule[] }[] {
  const out: { input: InputKind; role: RuleRole; rows: Rule[] }[] = [];
  for (const r of RULES) {
    const g = out.find((x) => x.input === r.input && x.role === r.role);
    if (g) g.rows.push(r);
    else out.push({ input: r.input, role: r.role, rows: [r] });
  }
  return out;
}

function decisionsMarkdown(): string {
  const parts: string[] = [];
  for (const g of decisionGroups()) {
    parts.push(`#### ${g.input}, ${g.role === 'any' ? 'any role' : g.role}`, '');
    parts.push('| stage | when | then | reason |', '| --- | --- | --- | --- |');
    for (const r of g.rows)
      parts.push(
        `| ${r.stage} | ${condition(r.when)} | ${r.then.length ? r.then.join(', ') : '—'}${r.stop ? ' (stop)' : ''} | ${r.reason} |`,
      );
    const facts = factsFor(g.input, g.role);
    const named = [...new Set(g.rows.flatMap((r) => Object.keys(r.when)))];
    if (named.length > 0) {
      parts.push('', 'Facts:', '');
      for (const n of named) parts.push(`- \`${n}\`: ${facts[n]?.means ?? '?'}`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

/** Each group as a flow: stage after stage, a row's edge to the next stage or to the end. */
function decisionsDot(): string {
  const out: string[] = [];
  for (const g of decisionGroups()) {
    const name = `${g.input}_${g.role}`;
    out.push(`digraph "decisions_${name}" {`, '  rankdir=LR;', '  node [shape=box];');
    const stages = [...new Set(g.rows.map((r) => r.stage))];
    stages.forEach((stage, i) => {
      const next = stages[i + 1] ? `"${stages[i + 1]}"` : '"done"';
      for (const r of g.rows.filter((x) => x.stage === stage)) {
        const label = `${condition(r.when)}\\n→ ${r.then.join(', ') || 'nothing'}`.replace(/"/g, "'");
        out.push(`  "${stage}" -> ${r.stop ? '"done"' : next} [label="${label}"];`);
      }
    });
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}

/** The role, mirroring and decision tables as Markdown (docs), Graphviz (diagrams) or JSON. */
export function renderFsm(format: FsmFormat): string {
  if (format === 'json') {
    const facts: Record<string, Record<string, string>> = {};
    for (const g of decisionGroups()) {
      const f = factsFor(g.input, g.role);
      facts[`${g.input}/${g.role}`] = Object.fromEntries(Object.entries(f).map(([n, x]) => [n, x.means]));
    }
    return `${JSON.stringify({ roles: ROLE_TRANSITIONS, mirroring: MIRRORING_TRANSITIONS, decisions: RULES, facts }, null, 2)}\n`;
  }
  if (format === 'dot') {
    const edges = (rows: readonly Row<string, string>[]) =>
      rows.map((r) => `  "${r.from}" -> "${r.to}" [label="${r.trigger}"];`).join('\n');
    return `digraph roles {\n${edges(ROLE_TRANSITIONS)}\n}\ndigraph mirroring {\n${edges(MIRRORING_TRANSITIONS)}\n}\n${decisionsDot()}`;
  }
  const table = (title: string, rows: readonly Row<string, string>[]) =>
    [
      `### ${title}`,
      '',
      '| from | trigger | to | reason |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.from} | ${r.trigger} | ${r.to} | ${r.reason} |`),
    ].join('\n');
  return `${table('Server roles', ROLE_TRANSITIONS)}\n\n${table('Mirroring status', MIRRORING_TRANSITIONS)}\n\n### Decisions\n\nEach input is read stage by stage; in a stage the first row whose facts all hold is taken, its verbs carried out and its reason logged (debug); "(stop)" ends the input's stages. A stage where no row holds is an error, never a silent no-op.\n\n${decisionsMarkdown()}`;
}

/** docs/state-machine.md (kept in step by a test). */
export function renderFsmDoc(): string {
  return `# Mirroring Controller state machine\n\nGenerated from \`src/controller/fsm.ts\` and \`src/controller/rules.ts\` (\`mc_ctl fsm\` prints the same tables; \`mc_ctl fsm --format dot\` Graphviz diagrams, \`--format json\` the tables as data). \`mc_ctl replay\` runs a recording of a controller's inputs through the same table.\n\n${renderFsm('markdown')}`;
}
