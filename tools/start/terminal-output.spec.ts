import { banner, lineFormatter, StartupWatcher } from './terminal-output';

// Colour codes: ESC [ ... m.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

describe('npm start terminal output', () => {
  const logLine = (fields: Record<string, unknown>) =>
    JSON.stringify({ level: 30, time: Date.parse('2024-05-01T10:00:00Z'), pid: 1, hostname: 'h', ...fields });

  it('passes JSON lines through unchanged when not in a terminal', () => {
    const line = logLine({ msg: 'hello', context: 'RouterExplorer' });
    expect(lineFormatter(false)(line)).toBe(line);
  });

  it('prints log lines for people in a terminal, without Nest’s boot chatter', () => {
    const format = lineFormatter(true);
    const shown = format(logLine({ msg: 'admin account "admin" ready', context: 'AdminBootstrapService' }))!;
    expect(shown.replace(ANSI, '')).toMatch(/INFO.*\[AdminBootstrapService\] admin account "admin" ready$/);
    expect(shown).not.toContain('{');
    const request = format(
      logLine({
        msg: 'request completed',
        req: { method: 'GET', url: '/api/v0/webhooks' },
        res: { statusCode: 200 },
        responseTime: 4,
      }),
    )!;
    expect(request.replace(ANSI, '')).toContain('GET /api/v0/webhooks → 200 (4 ms)');
    expect(
      format(logLine({ msg: 'Mapped {/api/v0/webhooks, GET} route', context: 'RouterExplorer' })),
    ).toBeNull();
    expect(format('plain text from an app')).toBe('plain text from an app');
    expect(format('   ')).toBeNull();
    expect(format('{not json')).toBe('{not json');
  });

  it('notices each app listening and takes the first-start admin token for the banner', () => {
    const watcher = new StartupWatcher(['gateway', 'ingest']);
    expect(watcher.read('gateway', '')).toBe(false);
    expect(
      watcher.read('gateway', '  Hookyard admin account "admin" created. Its API token (shown once):'),
    ).toBe(true);
    expect(watcher.read('gateway', '')).toBe(true);
    expect(watcher.read('gateway', '    s3cr3t-token')).toBe(true);
    expect(watcher.read('gateway', logLine({ msg: 'gateway listening on port 3000' }))).toBe(false);
    expect(watcher.adminToken).toBe('s3cr3t-token');
    expect(watcher.allListening).toBe(false);
    watcher.read('ingest', logLine({ msg: 'ingest listening on port 3001' }));
    expect(watcher.allListening).toBe(true);
  });

  it('tells the console URL, how to sign in, and the ingest URL', () => {
    const facts = {
      gatewayUrl: 'http://127.0.0.1:3000',
      ingestUrl: 'http://127.0.0.1:3001',
      adminUsername: 'admin',
    };
    const first = banner({ ...facts, adminToken: 'tok', adminTokenFromEnv: false }).join('\n');
    expect(first).toContain('Console      http://127.0.0.1:3000/');
    expect(first).toContain('Admin token  tok');
    expect(first).toContain('http://127.0.0.1:3001/events/distribution');
    expect(banner({ ...facts, adminTokenFromEnv: false }).join('\n')).toContain(
      'token printed on first start',
    );
    expect(banner({ ...facts, adminTokenFromEnv: true }).join('\n')).toContain('ADMIN_TOKEN');
  });
});
