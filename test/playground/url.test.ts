// The playground's link format (docs/PLAYGROUND.md, Links): #src=BASE64URL of the UTF-8 source, without padding; &run runs it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, makeFragment, parseFragment } from '../../playground/url.js';

describe('playground links', () => {
  it('encode a source as Node and every base64url tool does, without padding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const code = encodeText(text);
        expect(code).toBe(Buffer.from(text, 'utf8').toString('base64url'));
        expect(decodeText(code)).toBe(text);
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it('open a link made elsewhere, padded or not, and refuse what is not base64url of UTF-8', () => {
    expect(decodeText('bWFpbjogbm9w')).toBe('main: nop');
    expect(decodeText('w6k')).toBe('é');
    expect(decodeText('w6k=')).toBe('é');
    expect(decodeText('a+b/')).toBeNull(); // base64, not base64url
    expect(decodeText('_w')).toBeNull(); // byte 0xff: not UTF-8
  });

  it('read #src=…&run, and make the same link back', () => {
    const f = parseFragment(`#src=${encodeText('li r1, 1\n')}&run`);
    expect(f).toEqual({ src: 'li r1, 1\n', run: true, options: {} });
    expect(makeFragment(f)).toBe(`#src=${encodeText('li r1, 1\n')}&run`);
    const g = parseFragment(makeFragment({ src: 'x', procs: 'a.asm 1\nb.asm', stdin: 'in\n', options: { policy: 'mlfq', 'mlfq-quanta': '10,20' }, run: false }));
    expect(g).toEqual({ src: 'x', procs: 'a.asm 1\nb.asm', stdin: 'in\n', options: { policy: 'mlfq', 'mlfq-quanta': '10,20' }, run: false });
  });
});
