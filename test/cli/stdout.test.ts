import { spawnSync } from 'child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import type { writevSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { fakeIo, fixture, run } from './run';
import { main, writeVectors } from '../../src/cli/main';

describe('writing the JSON report to a file or device', () => {
  test('the report written as many buffers at once is the report written in pieces', async () => {
    const args = ['audit', fixture('insecure.yaml'), fixture('compliant.yaml'), '--format', 'json'];
    const pieces = await run(args);
    const io = fakeIo({ vector: true });
    const code = await main(args, io);
    expect(code).toBe(pieces.code);
    expect(io.vectors).toBe(1);
    expect(io.out.join('')).toBe(pieces.stdout);
    expect(JSON.parse(io.out.join('')).findings.length).toBeGreaterThan(0);
  });

  test('the command writes the same bytes to a file as to a pipe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-stdout-'));
    try {
      const bin = join(__dirname, '..', '..', 'bin', 'kubeharden');
      const args = [bin, 'audit', fixture('insecure.yaml'), fixture('exempted.yaml'), '--format', 'json'];
      const piped = spawnSync(process.execPath, args, { encoding: 'utf8' });
      const file = join(dir, 'report.json');
      const fd = openSync(file, 'w');
      const written = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'] });
      closeSync(fd);
      expect(written.status).toBe(piped.status);
      expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
      expect(piped.stdout.endsWith('}\n')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a report that cannot be written', () => {
  const full = existsSync('/dev/full') ? test.each(['text', 'json', 'sarif']) : test.skip.each(['text', 'json', 'sarif']);
  full('--format %s to a full device is one line on stderr and exit code 2', (format) => {
    const bin = join(__dirname, '..', '..', 'bin', 'kubeharden');
    const fd = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [bin, 'audit', fixture('compliant.yaml'), '--no-config', '--format', format], {
        stdio: ['ignore', fd, 'pipe'], encoding: 'utf8',
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 2,
        stderr: 'kubeharden: cannot write the report to standard output: ENOSPC: no space left on device, write. Fix: check the file or device it goes to (a full disk?)\n',
      });
    } finally {
      closeSync(fd);
    }
  });
});

describe('writeVectors', () => {
  /** A writev that takes at most `most` bytes per call, recording what it took. */
  function shortWriter(most: number): { write: typeof writevSync; taken: Buffer[]; calls: number[] } {
    const taken: Buffer[] = [];
    const calls: number[] = [];
    const write = ((_fd: number, buffers: readonly NodeJS.ArrayBufferView[]) => {
      calls.push(buffers.length);
      const all = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
      const part = all.subarray(0, Math.min(most, all.length));
      taken.push(Buffer.from(part));
      return part.length;
    }) as typeof writevSync;
    return { write, taken, calls };
  }

  test('finishes short writes, in order, and skips empty buffers', () => {
    const pieces = ['{"a":', '', '1', ',"b":[', 'x'.repeat(50), ']}'].map((t) => Buffer.from(t));
    const writer = shortWriter(7);
    writeVectors(1, pieces, writer.write);
    expect(Buffer.concat(writer.taken).toString()).toBe(`{"a":1,"b":[${'x'.repeat(50)}]}`);
  });

  test('passes at most 1,024 buffers per call', () => {
    const pieces = Array.from({ length: 2500 }, (_, i) => Buffer.from(`${i % 10}`));
    const writer = shortWriter(Infinity);
    writeVectors(1, pieces, writer.write);
    expect(writer.calls).toEqual([1024, 1024, 452]);
    expect(Buffer.concat(writer.taken).toString()).toBe(pieces.map((p) => p.toString()).join(''));
  });

  test('a descriptor that takes no bytes is an error, not a loop', () => {
    const write = (() => 0) as unknown as typeof writevSync;
    expect(() => writeVectors(1, [Buffer.from('x')], write)).toThrow('standard output accepted no bytes');
  });
});
