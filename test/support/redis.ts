// A real redis-server for the tests that need one: Debian's package, started on a free loopback port with a
// temporary directory and no persistence, and stopped by the test. Nothing is skipped when it is missing: the
// test fails and says how to install it (.ci/run installs it in CI).
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The redis-server binary: REDIS_SERVER, else the first on PATH, else Debian's path. */
export function redisServerBinary(): string {
  const candidates = [process.env.REDIS_SERVER, ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')), '/usr/bin/redis-server'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there: the next one.
    }
  }
  throw new Error(
    'redis-server is missing: install it with `apt-get install -y redis-server` (Debian; .ci/run does this in CI), or set REDIS_SERVER to its path',
  );
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether a Redis on `port` answers PING. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(port, '127.0.0.1');
    const done = (value: boolean): void => {
      probe.destroy();
      resolve(value);
    };
    probe.setTimeout(1000, () => done(false));
    probe.once('connect', () => probe.write('PING\r\n'));
    probe.once('data', (data: Buffer) => done(data.toString().startsWith('+PONG')));
    probe.once('error', () => done(false));
  });
}

/** Starts redis-server; resolves once it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  const path = redisServerBinary();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'spt-redis-'));
    const child: ChildProcess = spawn(
      path,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    let ready = false;
    for (let i = 0; i < 200 && !ready && child.exitCode === null; i++) {
      ready = await pong(port);
      if (!ready) await new Promise((wait) => setTimeout(wait, 25));
    }
    if (ready) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () =>
          new Promise<void>((resolve) => {
            const finish = (): void => {
              rmSync(dir, { recursive: true, force: true });
              resolve();
            };
            if (child.exitCode !== null || child.signalCode !== null) return finish();
            child.once('exit', finish);
            child.kill('SIGTERM');
          }),
      };
    }
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    // Someone took the port between the check and the start: another one.
    if (attempt >= 5) throw new Error(`redis-server did not start: ${output.slice(0, 500)}`);
  }
}
