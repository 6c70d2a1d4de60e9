// Child processes running the built server entry (test/support/processes/*.mjs): relays and delivery workers, as a
// store that scales out runs them. Each prints `ready` when it is; `stats()` asks it over IPC.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/server.mjs', import.meta.url));

export interface Child {
  child: ChildProcess;
  pid: number;
  /** What it printed after `ready`, e.g. the relay's URL. */
  ready: string;
  stats<T = unknown>(): Promise<T>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `test/support/processes/<script>.mjs` with `env`; resolves once it prints `ready`. */
export function startProcess(script: 'relay' | 'worker', env: Record<string, string>): Promise<Child> {
  if (!existsSync(DIST)) throw new Error('dist/server.mjs is missing: run `npm run build` first');
  const path = fileURLToPath(new URL(`./processes/${script}.mjs`, import.meta.url));
  const child = spawn(process.execPath, [path], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${output.slice(0, 2000)}`)), 20_000);
    const take = (chunk: Buffer): void => {
      output += chunk;
      const match = /^ready ?(.*)$/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', take);
      resolve({
        child,
        pid: child.pid as number,
        ready: match[1] ?? '',
        stats<T>() {
          return new Promise<T>((answer, fail) => {
            const onMessage = (message: unknown): void => {
              if (message && typeof message === 'object' && 'stats' in message) {
                child.off('message', onMessage);
                answer((message as { stats: T }).stats);
              }
            };
            child.on('message', onMessage);
            if (!child.send('stats')) fail(new Error(`${script} is gone`));
          });
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready: ${output.slice(0, 2000)}`)));
  });
}
