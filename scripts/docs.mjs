// `npm run docs`: writes the tables read off the code (scripts/docs-tables.ts) into README.md and docs/events.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { runnerImport } from 'vite';

const { module: tables } = await runnerImport(new URL('./docs-tables.ts', import.meta.url).pathname, { configFile: false, logLevel: 'error' });
const readme = new URL('../README.md', import.meta.url);
let text = readFileSync(readme, 'utf8');
text = tables.fill(text, 'events', tables.eventTable());
text = tables.fill(text, 'warnings', tables.warningTable());
writeFileSync(readme, text);
writeFileSync(new URL('../docs/events.md', import.meta.url), tables.eventsPage());
console.log('README.md and docs/events.md: tables written');
