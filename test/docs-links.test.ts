// The user's docs are complete in the repository: every link between them leads to a file and a heading that
// exist, and none points outside the repository (the specification the team works from is not part of a clone).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { REPO } from './golden.js';

const DOCS = ['README.md', 'programs/README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string): string => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

/** The anchors of a markdown file's headings (outside code blocks). */
function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/^```[^]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.*)$/gm)].map((m) => slug(m[1])));
}

test.each(DOCS)('%s: links lead to files and headings of the repository', (doc) => {
  const file = path.join(REPO, doc);
  const text = fs.readFileSync(file, 'utf8').replace(/^```[^]*?^```/gm, '');
  expect(text).not.toMatch(/\.\.\/shared|SPEC\.md|SPEC §/);
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue; // a web address
    const [where, anchor] = target.split('#');
    const to = where === '' ? file : path.resolve(path.dirname(file), where);
    expect(path.relative(REPO, to).startsWith('..'), `${doc}: ${target} leaves the repository`).toBe(false);
    expect(fs.existsSync(to), `${doc}: ${target}`).toBe(true);
    if (anchor) expect([...anchors(to)], `${doc}: ${target}`).toContain(anchor);
  }
});
