import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntervalErrors } from '../../src/controller/intervalErrors.js';

test('a failing interval is logged once per distinct error, counted, and its end reported once', () => {
  const e = new IntervalErrors();
  assert.equal(e.succeeded(), undefined, 'nothing to report while all is well');
  assert.deepEqual(e.failed(new Error('ENOSPC: no space left on device, write\n    at x')), {
    count: 1,
    last: 'ENOSPC: no space left on device, write',
  });
  assert.equal(e.failed(new Error('ENOSPC: no space left on device, write')), undefined, 'said once');
  assert.deepEqual(e.failed('illegal transition'), { count: 3, last: 'illegal transition' });
  assert.deepEqual(e.current, { count: 3, last: 'illegal transition' });
  assert.equal(e.succeeded(), 3);
  assert.equal(e.current, undefined);
  // A new run of the same error is said again.
  assert.deepEqual(e.failed(new Error('ENOSPC: no space left on device, write')), {
    count: 1,
    last: 'ENOSPC: no space left on device, write',
  });
});
