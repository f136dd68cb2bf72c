// napi_run_script and napi_adjust_external_memory. Expected values are what native Node 20 answers
// (the oracle). The C side takes a trailing string mode: "env", "value", "result" pass NULL in that
// position, "pending" calls with a JS exception already pending (the report carries it), "catch"
// reports a pending exception instead of letting it propagate.
//
// The Node host runs scripts with node:vm, which is V8's Script::Compile + Run as Node does; a
// browser can only fall back to indirect eval (src/host.ts), which differs where the tests marked
// Node only say.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, itInNode, Status } from '../harness.js';

const needsVm = 'node:vm (a script, not an indirect eval)';

const invalidArg = failure(Status.invalid_arg);
const alreadyPending = expect.objectContaining({ message: 'already pending' });
const g = globalThis as Record<string, unknown>;

await describeEachBuild('script', (a, build) => {
  it('napi_run_script runs a classic script in the global scope and returns its completion value', () => {
    expect(a.runScript('1 + 2')).toBe(3);
    expect(a.runScript('this === globalThis')).toBe(true);
    expect(a.runScript('(function () { return this === globalThis; })()')).toBe(true); // sloppy mode
    expect(a.runScript('"use strict"; (function () { return this; })()')).toBe(undefined);
    expect(a.runScript('')).toBe(undefined);
    expect(a.runScript('var x_unused; // comment')).toBe(undefined);
    expect(a.runScript('({ a: 1 })')).toEqual({ a: 1 });
    expect(a.runScript('if (true) { "yes" } else { "no" }')).toBe('yes');
    const f = a.runScript('(x) => x * 2');
    expect(f(21)).toBe(42);
  });

  it('napi_run_script: var and function declarations become global properties, as in a script', () => {
    const name = `runScriptVar_${build}`;
    expect(a.runScript(`var ${name} = 8; function ${name}_fn() { return 9; }`)).toBe(undefined);
    expect(g[name]).toBe(8);
    expect((g[`${name}_fn`] as () => number)()).toBe(9);
  });

  itInNode("napi_run_script: a script's var is not deletable (an eval's var would be)", needsVm, () => {
    const name = `runScriptFixedVar_${build}`;
    a.runScript(`var ${name} = 8;`);
    expect(Object.getOwnPropertyDescriptor(globalThis, name)).toEqual({ value: 8, writable: true, enumerable: true, configurable: false });
  });

  // The portable fallback (indirect eval) scopes top-level let/const to one call; Node's vm, used by
  // the Node host, keeps them for later scripts as V8's Script::Run does.
  itInNode('napi_run_script: top-level let/const persist for later scripts, not as global properties', needsVm, () => {
    const name = `runScriptLet_${build}`;
    expect(a.runScript(`let ${name} = 7; ${name}`)).toBe(7);
    expect(a.runScript(`typeof ${name}`)).toBe('number');
    expect(name in globalThis).toBe(false);
    const again = a.runScript(`let ${name} = 1`, 'catch');
    expect(again).toEqual({
      ...failure(Status.generic_failure),
      exception: expect.objectContaining({ name: 'SyntaxError', message: `Identifier '${name}' has already been declared` }),
    });
  });

  it('napi_run_script: a syntax error or a throw is napi_generic_failure with the exception pending', () => {
    const syntax = a.runScript('(', 'catch');
    expect(syntax).toEqual({ ...failure(Status.generic_failure), exception: expect.any(SyntaxError) });
    expect(syntax.exception.message).toBe('Unexpected end of input');
    const thrown = a.runScript('throw new TypeError("t")', 'catch');
    expect(thrown).toEqual({ ...failure(Status.generic_failure), exception: expect.any(TypeError) });
    expect(thrown.exception.message).toBe('t');
    expect(a.runScript('throw 5', 'catch')).toEqual({ ...failure(Status.generic_failure), exception: 5 });
    // Without "catch", the exception reaches the caller.
    expect(() => a.runScript('throw new RangeError("r")')).toThrow(RangeError);
    expect(() => a.runScript('}')).toThrow(SyntaxError);
  });

  itInNode('napi_run_script: the script is unnamed: its frames say <anonymous>', needsVm, () => {
    const thrown = a.runScript('throw new TypeError("t")', 'catch');
    expect(thrown.exception.stack.split('\n')[1]).toMatch(/^ {4}at <anonymous>:1:7$/);
  });

  it('napi_run_script: the script must be a string (no conversion); bad input', () => {
    const stringExpected = failure(Status.string_expected);
    for (const v of [42, undefined, null, { toString: () => '1' }, new String('1'), Symbol('s')]) {
      expect(a.runScript(v), String(typeof v)).toEqual(stringExpected);
    }
    expect(a.runScript('1', 'env')).toBe(Status.invalid_arg);
    expect(a.runScript('1', 'value')).toEqual(invalidArg);
    expect(a.runScript('1', 'result')).toEqual(invalidArg);
    expect(a.runScript('1', 'pending')).toEqual({ ...failure(Status.pending_exception), exception: alreadyPending });
  });

  it('napi_adjust_external_memory returns the adjusted total', () => {
    // Node reports V8's isolate-wide total (which Node itself also moves), so only the differences
    // between two calls made back to back are fixed.
    const [t0, t1] = a.adjust(0, 1000);
    expect(typeof t0).toBe('number');
    expect(t1 - t0).toBe(1000);
    const [t2, t3] = a.adjust(-1000, 0);
    expect(t3).toBe(t2);
    // (A large increase may make V8 collect garbage, freeing Node's own external memory on the way:
    // the test keeps to small amounts.)
    const [t4, t5] = a.adjust(4096, -4096);
    expect(t5 - t4).toBe(-4096);
  });

  it('napi_adjust_external_memory: bad input; no check for a pending exception', () => {
    expect(a.adjust(1, -1, 'env')).toBe(Status.invalid_arg);
    expect(a.adjust(1, -1, 'result')).toEqual(invalidArg);
    expect(a.adjust(0, 0, 'pending')).toEqual({ status: Status.ok, message: null, exception: alreadyPending });
  });

  // V8 aborts the process (CHECK) on a change outside [-2^60, 2^60).
  it.skipIf(build === 'native')('napi_adjust_external_memory: an absurd change → napi_invalid_arg (native Node aborts)', () => {
    expect(a.adjust(2 ** 60, 0)).toEqual(invalidArg);
    expect(a.adjust(-(2 ** 60) - 4096, 0)).toEqual(invalidArg);
    const [t0, t1] = a.adjust(0, 2 ** 59);
    expect(t1 - t0).toBe(2 ** 59);
    a.adjust(-(2 ** 59), 0);
  });
});
