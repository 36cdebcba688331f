import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alsKernelBase64 } from '../../models/wasm/als-kernel.wasm';

const root = path.resolve(import.meta.dirname, '../..');

describe('the committed WebAssembly kernels', () => {
  it('are exactly what models/wasm/*.wat assemble to (npm run wasm)', () => {
    const out = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toMatch(/als-kernel\.wasm\.ts: \d+ bytes, up to date/);
    expect(out).toMatch(/gru-kernel\.wasm\.ts: \d+ bytes, up to date/);
  });

  it('validates in this runtime, SIMD and shared memory included', () => {
    const bytes = Buffer.from(alsKernelBase64, 'base64');
    expect(WebAssembly.validate(bytes)).toBe(true);
  });
});
