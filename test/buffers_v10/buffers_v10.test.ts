import { expect, it } from 'vitest';
import { describeEachBuild, failure, isHostBuffer, Mode, Status } from '../harness.js';

await describeEachBuild(
  'buffers_v10',
  (a) => {
    it('a Buffer over part of an ArrayBuffer, sharing its memory', () => {
      const ab = new ArrayBuffer(8);
      const b = a.fromArrayBuffer(undefined, ab, 2, 4);
      expect(isHostBuffer(b)).toBe(true);
      expect(b.buffer).toBe(ab);
      expect([b.byteOffset, b.length]).toEqual([2, 4]);
      b[0] = 7;
      expect(new Uint8Array(ab)[2]).toBe(7);
    });

    it('out of range → RangeError ERR_OUT_OF_RANGE pending + napi_pending_exception', () => {
      const r = a.fromArrayBuffer(Mode.catch, new ArrayBuffer(8), 6, 4);
      expect(r.status).toBe(Status.pending_exception);
      expect(r.exception).toBeInstanceOf(RangeError);
      expect(r.exception.code).toBe('ERR_OUT_OF_RANGE');
    });

    it('bad input', () => {
      expect(a.fromArrayBuffer(Mode.nullEnv, new ArrayBuffer(1), 0, 1)).toBe(Status.invalid_arg);
      expect(a.fromArrayBuffer(Mode.nullValue, new ArrayBuffer(1), 0, 1)).toEqual(failure(Status.invalid_arg));
      expect(a.fromArrayBuffer(Mode.nullResult, new ArrayBuffer(1), 0, 1)).toEqual(failure(Status.invalid_arg));
      expect(a.fromArrayBuffer(Mode.normal, new Uint8Array(1), 0, 1)).toEqual(failure(Status.arraybuffer_expected));
    });
  },
  { native: 'Node 20 does not export node_api_create_buffer_from_arraybuffer (Node-API 10)' },
);
