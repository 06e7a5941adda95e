import { test } from 'vitest';
import { assemble, formatDiagnostic } from '../../assembler/index.js';
test('scratch', () => {
for (const bad of [`  .equ A, B\n  .equ B, A + 1\n  li r2, A\n`, `  .equ A, B\n  .equ B, A + 1\n  li r2, 1\n`, ` li r1, A\n .equ A, 1/0\n`]) {
const r2 = assemble('bad.asm', { source: bad });
console.log(r2.exe === null, r2.diagnostics.map(formatDiagnostic).join('\n'));
}
});
