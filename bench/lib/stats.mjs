// Summaries and tables: every figure the bench reports is a median of repeated runs, with its spread.

/** The value at quantile `q` (0–1) of sorted `values`, interpolated between neighbours. */
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/**
 * Median, min, max and interquartile range of `samples`.
 *
 * @example
 * summarize([3, 1, 2]) // { n: 3, median: 2, min: 1, max: 3, q1: 1.5, q3: 2.5 }
 */
export function summarize(samples) {
  const sorted = samples.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (!sorted.length) return { n: 0, median: NaN, min: NaN, max: NaN, q1: NaN, q3: NaN };
  return { n: sorted.length, median: quantile(sorted, 0.5), min: sorted[0], max: sorted.at(-1), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75) };
}

/** The ratio of two medians, or NaN. */
export const ratio = (a, b) => (a?.median && b?.median ? a.median / b.median : NaN);

/** A number with `digits` significant decimals and thousands separators. */
export function fmt(value, digits = 0) {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median (min–max)` of a summary. */
export const spread = (s, digits = 0) => (s?.n ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : '–');

/** A plain-text table with a header row; numbers right-aligned. */
export function table(title, header, rows) {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row) =>
    row.map((cell, column) => (column && /^[\d,.–(<>~ x%-]+$/.test(cell) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
  return [`\n${title}`, line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Runs `fn` `times` times in a row and returns its results. */
export async function repeat(times, fn) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await fn(i));
  return results;
}
