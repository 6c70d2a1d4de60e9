// The tables of the docs that are read off the code, so that the docs cannot disagree with it: the event table
// (src/common/catalog.ts) and the warning codes (src/common/messages.ts). `npm run docs` writes them into
// README.md and docs/events.md between their markers; test/dist/docs.test.ts fails when they are out of date.
import { ACTIONS, EVENTS, type EventField, TEXT_FIELDS } from '../src/common/catalog';
import { MESSAGES } from '../src/common/messages';

/** Pinterest's page that lists the events, "Name in API / Name in Tag". */
export const EVENTS_SOURCE = 'https://developers.pinterest.com/docs/conversions/event/';

/** The input fields of a row, as the README shows them. */
function fieldsOf(action: (typeof ACTIONS)[number]): string {
  const { fields } = EVENTS[action] as { fields: readonly EventField[] };
  const required = (EVENTS[action] as { required?: EventField }).required;
  const own = fields.map((field) => {
    const name = field === 'category' ? 'category' : `${field} → ${TEXT_FIELDS[field]}`;
    return field === required ? `**${name}** (required)` : name;
  });
  return own.length ? own.join(', ') : '—';
}

/** The README's event table: every action, its tag and API names, its own fields, whether it sums its items. */
export function eventTable(): string {
  const rows = ACTIONS.map((action) => {
    const row = EVENTS[action] as { tag: string; api: string; totals?: true };
    return `| \`${action}(data)\` | \`${row.tag}\` | \`${row.api}\` | ${fieldsOf(action)} | ${row.totals ? 'yes' : ''} |`;
  });
  return [
    '| method and command | tag event | Conversions API `event_name` | own fields (input → Pinterest) | sums items into `value`, `order_quantity` |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The README's table of warning codes and what each means. */
export function warningTable(): string {
  const rows = Object.entries(MESSAGES).map(([code, words]) => `| \`${code}\` | ${words.replace(/\|/g, '\\|')} |`);
  return ['| code | the field, option or call it names … |', '|---|---|', ...rows].join('\n');
}

/** docs/events.md: the event table with its source. */
export function eventsPage(): string {
  return [
    '# The events',
    '',
    `Every event Pinterest defines for the web, from its table "Conversion event types" (Name in API / Name in Tag):`,
    `${EVENTS_SOURCE} (read 2026-11-30). \`app_install\` and \`app_open\` have no tag name and are left out. The tag`,
    'names are sent lower-case and concatenated, the spelling the tag counts as standard.',
    '',
    "Pinterest's OpenAPI description 5.23.0 lists 15 of these API names; `contact`, `customize_product`,",
    '`find_location`, `schedule`, `start_trial` and `submit_application` are on the events page only. The',
    "vendored request schema (`stand-ins/conversions-api/schemas/`) adds them to `event_name`'s enum, with a",
    '`$comment` citing the page.',
    '',
    'Every event also takes `items` (or `product`), `value`, `currency` and `eventId`. This table is generated from',
    '`src/common/catalog.ts` by `npm run docs`.',
    '',
    eventTable(),
    '',
  ].join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in `text`. */
export function fill(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`markers ${start} … ${end} not found`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
