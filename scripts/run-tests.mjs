// Runs every vitest project, then prints the closing line CI reads, `N passed, N failed`, from vitest's JSON
// report. Exits non-zero when a test failed, when the report is missing, or when no test ran at all.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const reportFile = new URL('../test/.artifacts/vitest.json', import.meta.url);
rmSync(reportFile, { force: true });
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });

let report;
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.error('No vitest report at test/.artifacts/vitest.json: the test run did not finish.');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that fails to load counts as a failure too: its tests never ran.
const failed = (report.numFailedTests ?? 0) + (report.testResults ?? []).filter((file) => file.status === 'failed' && !file.assertionResults?.length).length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
