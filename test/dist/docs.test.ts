// The docs say what the code does: the README's event and warning tables and docs/events.md are the ones
// scripts/docs-tables.ts reads off the code (`npm run docs` rewrites them).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventsPage, eventTable, warningTable } from '../../scripts/docs-tables';

const readme = readFileSync('README.md', 'utf8');
const between = (name: string): string =>
  readme.slice(readme.indexOf(`<!-- ${name}:start -->`) + `<!-- ${name}:start -->`.length, readme.indexOf(`<!-- ${name}:end -->`)).trim();

describe('docs read off the code', () => {
  it("the README's event table is the event table of the code", () => {
    expect(between('events')).toBe(eventTable());
  });

  it("the README's warning codes are the codes of the code", () => {
    expect(between('warnings')).toBe(warningTable());
  });

  it('docs/events.md is the event table with its source', () => {
    expect(readFileSync('docs/events.md', 'utf8')).toBe(eventsPage());
  });
});
