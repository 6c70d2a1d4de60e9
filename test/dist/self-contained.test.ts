// The repository stands alone: no tracked file refers to a path outside it (a relative path that climbs out of
// the clone, or an absolute path of the machine it was written on). `.ci/run` also runs the whole suite from a
// copy of the repository with nothing beside it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && !/\.(png|gif|jpg|ico)$/.test(file) && file !== 'package-lock.json');

/** Paths in `text` that climb out of the repository from `file`'s folder, or absolute paths of this machine. */
function outside(file: string, text: string): string[] {
  const found: string[] = [];
  for (const [path] of text.matchAll(/(?:\.\.\/)+[\w.@-][\w./@-]*/g)) {
    if (relative(root, resolve(root, dirname(file), path)).startsWith('..')) found.push(path);
  }
  for (const [path] of text.matchAll(/\/(?:work|root|home|tmp)\/[\w.-]+\/[\w./-]*/g)) found.push(path);
  return found;
}

describe('self-contained', () => {
  it('no tracked file refers to a path outside the repository', () => {
    const found = files.flatMap((file) => outside(file, readFileSync(file, 'utf8')).map((path) => `${file}: ${path}`));
    expect(found).toEqual([]);
  });

  it('the check can fail: it finds the paths that would climb out', () => {
    // Built from parts, so that this file itself holds no path that climbs out of the repository.
    const climbing = ['..', '..', '..', 'shared', 'pinterest', 'x.json'].join('/');
    expect(outside('test/unit/x.test.ts', `import x from '${climbing}';`)).toEqual([climbing]);
    expect(outside('test/unit/x.test.ts', "import x from '../support/page';")).toEqual([]);
    const absolute = ['', 'work', 'main', 'src'].join('/');
    expect(outside('README.md', `see ${absolute}`)).toEqual([absolute]);
  });
});
