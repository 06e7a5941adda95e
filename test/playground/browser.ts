// Test helper: the playground built as `npm run playground` builds it, served by a plain static file server on
// loopback, and Debian's Chromium driven headless by playwright-core.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO } from '../golden.js';

export const DIST = path.join(REPO, 'playground', 'dist');

/** The browser: Debian's package (.ci/run installs it), or the one CHROMIUM names. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null. CI must run them: there a missing browser is a failure. */
export function missingBrowser(): string | null {
  if (fs.existsSync(CHROMIUM)) return null;
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
  if (process.env.CI) throw new Error(`playground tests: ${why}`);
  return why;
}

/** Build the page with the project's own script; throws with its output if the build fails. */
export function buildPage(): void {
  const r = spawnSync(process.execPath, [path.join(REPO, 'playground', 'build.mjs')], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run playground failed:\n${r.stdout}${r.stderr}`);
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serve a folder's files as they are (any static server would do: the page needs nothing more). */
export async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html');
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Headless Chromium with the flags this machine needs (no sandbox as root; no background connections). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records its console errors and uncaught exceptions. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('.cm-content');
  return { page, errors };
}

/** Wait until the run (or debug session) has ended and return the status line. */
export async function finished(page: Page): Promise<string> {
  await page.waitForFunction(() => /^(finished|stopped)/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 30_000 });
  return (await page.textContent('#status')) ?? '';
}

/** Click the editor's breakpoint gutter beside line n (1-based), brought into view first. */
export async function toggleBreakpoint(page: Page, n: number): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+Home');
  for (let k = 1; k < n; k++) await page.keyboard.press('ArrowDown');
  const gutter = (await page.locator('.cm-breakpoint-gutter').boundingBox())!;
  const number = (await page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${n}$`) }).boundingBox())!;
  await page.mouse.click(gutter.x + gutter.width / 2, number.y + number.height / 2);
}
