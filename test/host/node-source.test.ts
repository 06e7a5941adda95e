// The Node source host: regular files only, a size cap that never reads past it, and never a blocking open.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { assemble } from '../../assembler/index.js';
import { nodeSource, readSourceFile } from '../../host/node-source.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-source-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => path.join(dir, name);

describe('readSourceFile', () => {
  test('reads a regular file as UTF-8, invalid bytes as U+FFFD', () => {
    fs.writeFileSync(at('ok.asm'), Buffer.from([0x6e, 0x6f, 0x70, 0xff, 0x0a]));
    expect(readSourceFile(at('ok.asm'), 100)).toEqual({ text: 'nop\ufffd\n' });
  });

  test('names what is wrong: missing, a directory, not a regular file', () => {
    fs.mkdirSync(at('sub'));
    expect(readSourceFile(at('missing.asm'), 100)).toEqual({ error: 'no such file' });
    expect(readSourceFile(at('sub'), 100)).toEqual({ error: 'is a directory' });
    expect(readSourceFile('/dev/zero', 100)).toEqual({ error: 'not a regular file (a device, FIFO or socket)' });
    expect(readSourceFile('/dev/null', 100)).toEqual({ error: 'not a regular file (a device, FIFO or socket)' });
  });

  // Issue 9: `.include "/dev/stdin"` blocked the host forever; a FIFO with no writer would too.
  test.skipIf(process.platform === 'win32')('refuses a FIFO with no writer at once instead of waiting for one', () => {
    execFileSync('mkfifo', [at('fifo')]);
    expect(readSourceFile(at('fifo'), 100)).toEqual({ error: 'not a regular file (a device, FIFO or socket)' });
  });

  test('refuses a file over the limit by its size, without reading it', () => {
    fs.writeFileSync(at('big.asm'), '');
    fs.truncateSync(at('big.asm'), 1 << 30); // sparse: a gigabyte that was never written
    expect(readSourceFile(at('big.asm'), 1 << 20)).toEqual({ error: 'larger than the limit of 1048576 bytes' });
    fs.writeFileSync(at('edge.asm'), 'x'.repeat(101));
    expect(readSourceFile(at('edge.asm'), 100)).toEqual({ error: 'larger than the limit of 100 bytes' });
    expect(readSourceFile(at('edge.asm'), 101)).toEqual({ text: 'x'.repeat(101) });
  });

  test.skipIf(!fs.existsSync('/proc/self/status'))('reads files whose size says 0 but which have content (/proc), still under the cap', () => {
    const got = readSourceFile('/proc/self/status', 1 << 20);
    expect('text' in got && got.text.includes('Pid:')).toBe(true);
    expect(readSourceFile('/proc/self/status', 10)).toEqual({ error: 'larger than the limit of 10 bytes' });
  });
});

describe('assembling through nodeSource', () => {
  test('includes are relative to the including file, and each refusal is a diagnostic at the .include', () => {
    fs.mkdirSync(at('lib'));
    fs.writeFileSync(at('lib/f.asm'), '.include "g.asm"\nf: ret\n');
    fs.writeFileSync(at('lib/g.asm'), 'g: nop\n');
    fs.writeFileSync(at('main.asm'), 'main: call f\n.include "lib/f.asm"\n.include "/dev/zero"\n.include "lib"\n');
    const r = assemble(at('main.asm'), { host: nodeSource });
    expect(r.diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([
      "3: cannot read include file '/dev/zero': not a regular file (a device, FIFO or socket)",
      `4: cannot read include file 'lib' (looked for '${at('lib')}'): is a directory`,
    ]);
    fs.writeFileSync(at('main.asm'), 'main: call f\n.include "lib/f.asm"\n');
    const ok = assemble(at('main.asm'), { host: nodeSource });
    expect(ok.exe?.debug?.files).toEqual([at('main.asm'), at('lib/f.asm'), at('lib/g.asm')]);
  });
});
