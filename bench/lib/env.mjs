// The machine, versions and command a run was made with: every table in BENCHMARKS.md names them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

const ROOT = new URL('../../', import.meta.url);

const version = (name) => {
  try {
    return JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, ROOT), 'utf8')).version;
  } catch {
    // Not installed: the bench part that needs it says so itself.
    return undefined;
  }
};

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not a git checkout.
    return undefined;
  }
};

/** The 1-minute load average over the machine's cores: near 0 on a quiet machine, 1 when every core is busy. */
export const loadPerCore = () => Math.round((loadavg()[0] / availableParallelism()) * 100) / 100;

/**
 * Waits until the machine is quiet (the load per core under `below`) or `maxMs` passed, so that timings measure
 * the SDK and not another process; returns the load it started with.
 */
export async function waitForQuiet({ below = 0.5, maxMs = 10 * 60e3, log = () => {} } = {}) {
  const deadline = Date.now() + maxMs;
  if (loadPerCore() >= below) log(`waiting for a quiet machine (load per core ${loadPerCore()}, want < ${below})`);
  while (loadPerCore() >= below && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5000));
  return loadPerCore();
}

/** What ran the bench. `chromium` is filled in by the Chromium parts, which know the browser's own version. */
export function environment() {
  const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));
  return {
    date: new Date().toISOString(),
    command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    package: `${pkg.name}@${pkg.version}`,
    commit: git('rev-parse', '--short', 'HEAD'),
    // Uncommitted changes to src/ mean the figures are for a working tree, not a commit.
    dirty: !!git('status', '--porcelain', '--', 'src'),
    cpu: cpus()[0]?.model?.trim(),
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    versions: Object.fromEntries(['playwright-core', 'jsdom', 'rollup', 'terser', 'fast-check', 'typescript'].map((name) => [name, version(name)])),
  };
}
