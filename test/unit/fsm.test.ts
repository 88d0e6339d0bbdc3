import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IllegalTransitionError,
  MIRRORING_TRANSITIONS,
  ROLE_TRANSITIONS,
  hostRoleLabel,
  mirroringTransition,
  renderFsm,
  roleTransition,
  type Role,
} from '../../src/controller/fsm.js';
import { changeMirroring, initialState } from '../../src/controller/state.js';

describe('controller state machine', () => {
  it('never lets an inactivated primary become primary again, by any trigger', () => {
    for (const r of ROLE_TRANSITIONS) assert.ok(!(r.from === 'inactivated_primary' && r.to === 'primary'));
    for (const t of ['start', 'setup', 'promote', 'fence', 'disconnect'] as const) {
      if (t === 'setup') continue; // setup rebuilds it as a standby, which is allowed
      assert.throws(() => roleTransition('inactivated_primary', t, 'primary'), IllegalTransitionError);
    }
    assert.equal(roleTransition('inactivated_primary', 'setup').to, 'standby');
  });

  it('only a standby can be promoted, and only a primary fenced', () => {
    const roles: Role[] = ['unset', 'primary', 'standby', 'inactivated_primary', 'inactivated_standby'];
    for (const from of roles) {
      if (from === 'standby') assert.equal(roleTransition(from, 'promote').to, 'primary');
      else assert.throws(() => roleTransition(from, 'promote'), /no role transition/);
      if (from === 'primary') assert.equal(roleTransition(from, 'fence').to, 'inactivated_primary');
      else assert.throws(() => roleTransition(from, 'fence'));
    }
  });

  it('a standby started alone cannot reach primary through start', () => {
    assert.throws(() => roleTransition('standby', 'start', 'primary'));
    assert.throws(() => roleTransition('inactivated_standby', 'start', 'primary'));
  });

  it('has one row per (from, trigger, to) and a reason on every row', () => {
    const keys = ROLE_TRANSITIONS.map((r) => `${r.from}/${r.trigger}/${r.to}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const r of [...ROLE_TRANSITIONS, ...MIRRORING_TRANSITIONS]) assert.ok(r.reason.length > 10);
  });

  it('mirroring: switchable only through a standby in sync; switched only through a promotion', () => {
    assert.equal(mirroringTransition('switched', 'standby_synced')?.to, 'switchable');
    assert.equal(mirroringTransition('switchable', 'standby_lost')?.to, 'not-switchable');
    assert.equal(
      mirroringTransition('switched', 'standby_lost'),
      undefined,
      'a degraded pair stays switched',
    );
    assert.equal(mirroringTransition('switchable', 'promoted')?.to, 'switched');
    for (const r of MIRRORING_TRANSITIONS.filter((x) => x.to === 'switchable'))
      assert.equal(r.trigger, 'standby_synced');
  });

  it('prints host_role words as the manual does', () => {
    assert.equal(hostRoleLabel('inactivated_primary'), 'none(inactivated primary)');
    assert.equal(hostRoleLabel('inactivated_standby'), 'none(inactivated standby)');
    assert.equal(hostRoleLabel('unset'), 'unknown');
  });

  it('renders both tables for docs and diagrams', () => {
    const md = renderFsm('markdown');
    assert.match(md, /\| standby \| promote \| primary \|/);
    assert.match(renderFsm('dot'), /"primary" -> "inactivated_primary" \[label="fence"\]/);
  });
});

describe('the mirroring change on record', () => {
  it('clears the last error once the pair is whole again, and keeps it while it is not', () => {
    const state = initialState('s1');
    state.lastError = {
      at: 't',
      server: 's2',
      resource: 'host_status',
      detail: 'gone',
      action: 'disconnect',
    };
    assert.ok(changeMirroring(state, 'promoted'));
    assert.equal(state.mirroring, 'switched');
    assert.equal(state.lastError?.detail, 'gone', 'switched is still the degraded pair the error made');
    assert.ok(changeMirroring(state, 'standby_synced'));
    assert.equal(state.mirroring, 'switchable');
    assert.equal(state.lastError, undefined);
    assert.equal(state.history.at(-1)?.to, 'switchable');
  });
});
