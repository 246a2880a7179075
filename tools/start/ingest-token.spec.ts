import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveIngestToken } from './ingest-token';

describe('resolveIngestToken', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'hookyard-start-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("uses the operator's token and never prints it", () => {
    const resolved = resolveIngestToken('operator-token-0123456789', join(root, '.hookyard'), root);
    expect(resolved.token).toBe('operator-token-0123456789');
    expect(resolved.announcement).not.toContain('operator-token');
  });

  it('generates one at first start, prints it that once, and reuses it silently afterwards', () => {
    const stateDir = join(root, '.hookyard');
    const first = resolveIngestToken(undefined, stateDir, root);
    expect(first.token).toMatch(/^[\w-]{32}$/);
    expect(first.announcement).toContain(first.token);
    expect(readFileSync(join(stateDir, 'ingest-token'), 'utf8').trim()).toBe(first.token);
    expect(statSync(join(stateDir, 'ingest-token')).mode & 0o777).toBe(0o600);

    const again = resolveIngestToken(undefined, stateDir, root);
    expect(again.token).toBe(first.token);
    expect(again.announcement).toBe('INGEST_TOKEN generated at first start, in .hookyard/ingest-token');
  });
});
