import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOutsideCitations, scanTree } from './outside-citations';

// The samples are put together at run time, so that this file passes the check itself.
const seed = (number: string) => `seed ${number}`;
const spec = (section: string) => `SPEC ${'§'}${section}`;
const specFile = ['SPEC', 'md'].join('.');

describe('citations of documents outside the repository', () => {
  it.each([
    `/** Alauda hooks have integer ids (${seed('003')}). */`,
    `DTR's error body (${seed('000').replace('seed', 'seeds')}/002)`,
    ` * contents follow ${seed('000').replace(' ', '')} for the type`,
    `/** The retry policy (${spec('5')}). */`,
    `any type of ${spec('2').toLowerCase()}`,
    `as ${specFile} wants it`,
  ])('flags %s', (line) => {
    expect(findOutsideCitations('a.ts', line)).toEqual([{ file: 'a.ts', line: 1, text: line.trim() }]);
  });

  it.each([
    'seed?: string;',
    'digests depend on the seed only',
    "config: { Labels: { 'io.hookyard.seed': seed } }",
    'Standard Webhooks spec, DTR 2.6 API, Quay API guide §2.13',
    'a specification of 2024',
    `${seed('42')} or ${seed('0123')}`,
  ])('leaves %s alone', (line) => {
    expect(findOutsideCitations('a.ts', line)).toEqual([]);
  });

  it('numbers the lines and reads the checked files of a tree, not node_modules or other files', () => {
    const root = mkdtempSync(join(tmpdir(), 'citations-'));
    try {
      mkdirSync(join(root, 'apps', 'api'), { recursive: true });
      mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
      writeFileSync(join(root, 'README.md'), `# Title\n\nWho may subscribe follows DTR (${seed('001')}).\n`);
      writeFileSync(join(root, 'apps', 'api', 'main.ts'), `const a = 1;\n// ${spec('6')}\n`);
      writeFileSync(join(root, 'apps', 'api', 'notes.txt'), seed('001'));
      writeFileSync(join(root, 'node_modules', 'x', 'index.js'), seed('001'));
      expect(scanTree(root).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
        { file: join('apps', 'api', 'main.ts'), line: 2, text: `// ${spec('6')}` },
        { file: 'README.md', line: 3, text: `Who may subscribe follows DTR (${seed('001')}).` },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
