// The playground in a real browser: built by its own script, served as static files, driven in headless Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../golden.js';
import { buildPage, DIST, finished, launch, missingBrowser, openPage, serve, toggleBreakpoint } from './browser.js';

const missing = missingBrowser();
if (missing) console.warn(`playground browser tests skipped: ${missing}`);

const program = (name: string): string => fs.readFileSync(path.join(REPO, 'programs', name), 'utf8');
const src = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe.skipIf(missing !== null)('the playground in Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    buildPage();
    site = await serve(DIST);
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('builds static files only, the page first', () => {
    expect(fs.readdirSync(DIST).sort()).toEqual(['index.html', 'main.js', 'style.css', 'worker.js']);
  });

  it('loads with no console errors and opens the hello example', async () => {
    const { page, errors } = await openPage(browser, site.url);
    await page.waitForSelector('.cm-content >> text=Hello, world!');
    expect(await page.textContent('#file')).toBe('hello.asm');
    // The dialect's grammar is on: the mnemonic, the register and the directive are styled differently.
    const styles = await page.$$eval('.cm-line span', (spans) => Object.fromEntries(spans.map((s) => [s.textContent, getComputedStyle(s).color])));
    expect(new Set([styles['li'], styles['r1'], styles['.asciz']]).size).toBe(3);
    await page.waitForTimeout(500); // the first lint pass
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs hello at once from a #src=…&run link', async () => {
    const { page, errors } = await openPage(browser, `${site.url}#src=${src(program('hello.asm'))}&run`);
    expect(await finished(page)).toMatch(/exit status 0$/);
    expect(await page.textContent('#output')).toBe('Hello, world!\n');
    expect(await page.textContent('#file')).toBe('main.asm');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks the assembler\'s diagnostic on the bad line', async () => {
    const text = 'main:   li r1, 0\n        li r2, 1\n        addd r1, r2, r3\n        sys exit\n';
    const { page } = await openPage(browser, `${site.url}#src=${src(text)}`);
    const mark = page.locator('.cm-lintRange-error');
    await mark.first().waitFor();
    expect(await mark.allTextContents()).toEqual(['addd']);
    const line = await mark.first().evaluate((el) => [...document.querySelectorAll('.cm-content .cm-line')].indexOf(el.closest('.cm-line')!) + 1);
    expect(line).toBe(3);
    // Running it anyway prints the diagnostic as the command line would, with status 1.
    await page.click('#run');
    expect(await finished(page)).toMatch(/exit status 1$/);
    expect(await page.textContent('#output')).toContain("main.asm:3:9: error: unknown instruction 'addd'");
    await page.close();
  });

  it('shows every process of a fork tree in the live table, under the chosen policy and quantum', async () => {
    const { page, errors } = await openPage(browser, site.url);
    await page.selectOption('#example', { label: 'fork/wait: a tree of processes' });
    expect(await page.inputValue('#quantum')).toBe('50');
    await page.check('#stats');
    await page.click('#run');
    expect(await finished(page)).toMatch(/exit status 10$/);
    const rows = await page.$$eval('#ptable tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['1', '0', 'forktree', 'zombie'], ['2', '1', 'forktree', 'zombie'], ['3', '1', 'forktree', 'zombie'],
      ['4', '2', 'forktree', 'zombie'], ['5', '2', 'forktree', 'zombie'], ['6', '3', 'forktree', 'zombie'], ['7', '3', 'forktree', 'zombie'],
    ]);
    // The same run as `quanta run --quantum 50 forktree.asm 2` (programs/forktree.rr50.golden).
    const golden = program('forktree.rr50.golden').split('--- stdout\n')[1].split('--- stderr')[0];
    expect(await page.textContent('#output')).toContain(golden);
    expect(await page.textContent('#output')).toMatch(/total: 9142 ticks, 9142 instructions/);
    expect(await page.locator('#timeline svg text', { hasText: 'Schedule: rr, quantum 50 ticks' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the page responsive during an endless run, and stops it', async () => {
    const { page } = await openPage(browser, `${site.url}#src=${src('main: jmp main\n')}&run`);
    // The machine runs in slices beside the page: the page keeps drawing its progress, and takes clicks.
    await page.waitForFunction(() => /running… tick [1-9]/.test(document.getElementById('status')!.textContent!));
    const first = Number((await page.textContent('#status'))!.match(/tick ([\d,]+)/)![1].replace(/,/g, ''));
    await page.waitForFunction((t) => Number(document.getElementById('status')!.textContent!.match(/tick ([\d,]+)/)?.[1].replace(/,/g, '')) > t, first);
    await page.click('#stop');
    expect(await finished(page)).toMatch(/^stopped at tick/);
    await page.close();
  });

  it('stops at a breakpoint set in the gutter, steps over a fork, and reverse-step takes the machine back', async () => {
    const { page, errors } = await openPage(browser, site.url);
    await page.selectOption('#example', { label: 'fork/wait: a tree of processes' });
    const line = program('forktree.asm').split('\n').findIndex((l) => l.startsWith('spawn2:')) + 1;
    await toggleBreakpoint(page, line);
    expect(await page.locator('.cm-breakpoint-gutter .bp-dot').count()).toBe(2); // the gutter's spacer, and the mark
    await page.click('#debug');
    const stopped = async (command?: string): Promise<string> => {
      if (command) await page.click(`button[data-command="${command}"]`);
      await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('button[data-command=step]')!.disabled);
      return (await page.textContent('#status'))!;
    };
    const pids = (): Promise<string[]> => page.$$eval('#ptable tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent!));
    const current = (): Promise<string[]> => page.$$eval('.cm-debug-current', (els) => els.map((e) => e.textContent!));
    expect(await stopped()).toBe('debugging — stopped: start tick=0 pid=1 pc=0x00001000');
    expect(await page.textContent('#dbg-console')).toContain('breakpoint 1 at 0x00001058: forktree.asm:37 (spawn2)');
    expect(await stopped('continue')).toBe('debugging — stopped: breakpoint 1 tick=658 pid=1 pc=0x00001058');
    expect(await current()).toEqual(['spawn2: sys     fork']);
    expect(await page.textContent('#dbg-regs')).toContain('pc  0x00001058 forktree.asm:37  sys 6');
    expect(await pids()).toEqual(['1']);
    expect(await stopped('continue')).toBe('debugging — stopped: breakpoint 1 tick=663 pid=1 pc=0x00001058');
    expect(await stopped('reverse-continue')).toBe('debugging — stopped: breakpoint 1 tick=658 pid=1 pc=0x00001058');
    expect(await stopped('step')).toBe('debugging — stopped: step tick=659 pid=1 pc=0x0000105c');
    expect(await pids()).toEqual(['1', '2']);
    expect(await page.textContent('#dbg-regs')).toMatch(/^r0 {2}0x00000002 2 /); // fork returned the child's pid
    expect(await stopped('reverse-step')).toBe('debugging — stopped: reverse-step tick=658 pid=1 pc=0x00001058');
    expect(await pids()).toEqual(['1']);
    expect(await current()).toEqual(['spawn2: sys     fork']);
    expect(await page.textContent('#dbg-regs')).toMatch(/^r0 {2}0x00000000 0 /);
    // The views: memory at sp, the call stack, the page table by segment.
    expect(await page.textContent('#dbg-memory')).toMatch(/^0x00ffffd8: /);
    expect(await page.textContent('#dbg-bt')).toMatch(/^#0 {2}0x00001058 in spawn2 \(forktree.asm:37\)/);
    expect(await page.textContent('#dbg-pages')).toMatch(/code[\s\S]*data[\s\S]*stack/);
    // Any command of the debugger's language, typed.
    await page.fill('#dbg-command', 'print [maxd]');
    await page.press('#dbg-command', 'Enter');
    await stopped();
    expect(await page.textContent('#dbg-console')).toContain('[maxd] = 2 (0x00000002)');
    // The text the session was built from cannot change under it.
    await page.click('.cm-content');
    await page.keyboard.type('zzz');
    expect(await page.textContent('.cm-content')).not.toContain('zzz');
    await page.click('#dbg-end');
    await page.waitForFunction(() => document.getElementById('debugger')!.hidden);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('makes a share link that opens and runs the edited program', async () => {
    const { page } = await openPage(browser, site.url);
    await page.selectOption('#example', { label: 'echo (argc/argv)' });
    await page.click('#share');
    const url = await page.inputValue('#share-url');
    expect(url).toMatch(/#src=[A-Za-z0-9_-]+&procs=[A-Za-z0-9_-]+&file=echo.asm&run$/);
    const { page: other } = await openPage(browser, url);
    await finished(other);
    expect(await other.textContent('#output')).toBe('hello world 42\n');
    await page.close();
    await other.close();
  });
});
