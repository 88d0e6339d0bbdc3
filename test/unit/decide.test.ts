import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statusWord } from '../../src/controller/decide.js';

describe('status words', () => {
  it('shows abnormal only after the retry count', () => {
    const fail = { ok: false as const, detail: 'x' };
    assert.equal(statusWord({ ok: true }, 0, 2, 'postmaster'), 'normal');
    assert.equal(statusWord(fail, 1, 2, 'postmaster'), 'normal');
    assert.equal(statusWord(fail, 2, 2, 'postmaster'), 'abnormal(postmaster)');
    assert.equal(statusWord(undefined, 0, 2, 'x'), 'unknown');
  });
});
