// Module lifecycle: registration (NAPI_MODULE_INIT returning a new object; NAPI_MODULE returning NULL in
// test/lifecycle_null_init), napi_get_version, instance data and node_api_get_module_file_name.
// Expected values are what native Node 20 answers (the oracle).
//
// The C side takes a trailing string mode: "env" or "result" pass NULL in that position. A NULL env
// answers the bare status.
import { expect, it } from 'vitest';
import { addonUrl, describeEachBuild, failure, isBrowser, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);

await describeEachBuild('lifecycle', (a, build) => {
  // Runs first: nothing has set this module's instance data yet.
  it('napi_get_instance_data before any set → NULL', () => {
    expect(a.getInstanceData()).toBe(null);
  });

  it('an init that returns another object: that object becomes the exports', () => {
    expect(a.replaced).toBe(true);
    expect(a.onOriginalExports).toBe(undefined);
    // The object Node passed as `exports` is a plain object the init could fill (and dropped here).
    expect(a.originalExports).toEqual({ onOriginalExports: true });
    expect(a.originalExports).not.toBe(a);
    expect(Object.keys(a)).toEqual([
      'replaced',
      'originalExports',
      'getVersion',
      'setInstanceData',
      'getInstanceData',
      'finalizerCalls',
      'moduleFileName',
      'envIsInitEnv',
    ]);
  });

  it('callbacks get the napi_env that the module init got', () => {
    expect(a.envIsInitEnv()).toBe(true);
  });

  it('napi_get_version', () => {
    const version = a.getVersion();
    expect(Number.isInteger(version)).toBe(true);
    // Node 20 reports 9. A runtime may implement a later version, never an earlier one: the addons
    // here are built with NAPI_VERSION=9.
    expect(version).toBeGreaterThanOrEqual(9);
    if (build === 'native') expect(version).toBe(Number(process.versions.napi));
    expect(a.getVersion('env')).toBe(Status.invalid_arg);
    expect(a.getVersion('result')).toEqual(invalidArg);
  });

  it('napi_set_instance_data / napi_get_instance_data round-trip a pointer', () => {
    expect(a.setInstanceData(5)).toEqual(ok);
    expect(a.getInstanceData()).toBe(5);
    // Replacing the data does NOT run the old data's finalizer (Node deletes it without finalizing).
    expect(a.setInstanceData(6)).toEqual(ok);
    expect(a.getInstanceData()).toBe(6);
    expect(a.finalizerCalls()).toEqual([0, 0]);
  });

  it('instance data: bad input', () => {
    expect(a.setInstanceData(8, 'env')).toBe(Status.invalid_arg);
    expect(a.getInstanceData()).toBe(6); // unchanged
    expect(a.getInstanceData('env')).toBe(Status.invalid_arg);
    expect(a.getInstanceData('result')).toEqual(invalidArg);
  });

  it('node_api_get_module_file_name: the URL of the loaded file (file:// in Node)', () => {
    const url = a.moduleFileName();
    // In the browser, the http:// URL the module was fetched from.
    expect(url.startsWith(isBrowser ? 'http://' : 'file://')).toBe(true);
    // Native: the .node file; wasm: the .wasm file the runtime loaded.
    expect(url.endsWith(build === 'native' ? '/lifecycle.node' : '/lifecycle.wasm')).toBe(true);
    expect(url).toBe(addonUrl('lifecycle', build));
    expect(a.moduleFileName()).toBe(url); // stable across calls
    expect(a.moduleFileName('env')).toBe(Status.invalid_arg);
    expect(a.moduleFileName('result')).toEqual(invalidArg);
  });
});

await describeEachBuild('lifecycle_null_init', (b, build) => {
  it('NAPI_MODULE with an init returning NULL: Node keeps `exports`', () => {
    expect(b.filledByInit).toBe(true);
    expect(Object.keys(b)).toEqual(['filledByInit', 'envIsInitEnv', 'setInstanceData', 'getInstanceData', 'moduleFileName']);
    expect(b.envIsInitEnv()).toBe(true);
  });

  it('instance data and the module file name are per module', () => {
    expect(b.getInstanceData()).toBe(null); // test/lifecycle's data is not visible here
    b.setInstanceData();
    expect(b.getInstanceData()).toBe(7);
    expect(b.moduleFileName()).toBe(addonUrl('lifecycle_null_init', build));
  });
});
