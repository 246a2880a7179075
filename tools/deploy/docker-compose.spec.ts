import { validateEnvironment } from '@hookyard/config';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * There is no Docker engine on the CI machine, so docker-compose.yml is checked by reading it:
 * every app gets a valid production configuration once the operator sets the two tokens (none ships),
 * reaches PostgreSQL and Redis by service name, is health checked on its own port, ports are
 * published on 127.0.0.1, and the registry notifies ingest with ingest's token.
 */
const ROOT = resolve(__dirname, '../..');
const APPS = ['gateway', 'ingest', 'dispatcher', 'worker'] as const;
const PORT_VARIABLE = {
  gateway: 'GATEWAY_PORT',
  ingest: 'INGEST_PORT',
  dispatcher: 'DISPATCHER_PORT',
  worker: 'WORKER_PORT',
};

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}

const COMPOSE_TEXT = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

/**
 * Compose's variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR:?error}`) with `variables`
 * as the shell environment; an unset required variable throws compose's error.
 */
function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(
    /\$\{(\w+)(?:(:-|:\?)([^}]*))?\}/g,
    (_, name: string, operator?: string, operand?: string) => {
      const value = variables[name];
      if (value !== undefined && value !== '') return value;
      if (operator === ':?') throw new Error(`required variable ${name} is missing a value: ${operand}`);
      return operator === ':-' ? operand! : '';
    },
  );
}

function composeWith(variables: Record<string, string>): Record<string, ComposeService> {
  const parsed = parse(interpolate(COMPOSE_TEXT, variables), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return parsed.services;
}

/** What an operator sets (README, Docker Compose). */
const SECRETS = { HOOKYARD_ADMIN_TOKEN: 'a'.repeat(40), HOOKYARD_INGEST_TOKEN: 'i'.repeat(40) };
const services = composeWith(SECRETS);

function composePluginAvailable(): boolean {
  return spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, the four apps and a registry', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['dispatcher', 'gateway', 'ingest', 'postgres', 'redis', 'registry', 'worker'].sort(),
    );
  });

  it('runs Redis with AOF and without eviction', () => {
    const command = services.redis.command!.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync everysec');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it.each(APPS)('%s: valid configuration wired to the compose services', (app) => {
    const service = services[app];
    const env = service.environment!;
    expect(service.build).toBe('.');
    expect(env.APP).toBe(app);
    expect(existsSync(join(ROOT, `apps/${env.APP}/src/main.ts`))).toBe(true);
    expect(env.NODE_ENV).toBe('production');
    expect(() => validateEnvironment(env)).not.toThrow();
    expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
    expect(new URL(env.REDIS_URL).hostname).toBe('redis');
    expect(service.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    // The health check asks the app's own /readyz on the port it listens on.
    const port = env[PORT_VARIABLE[app]];
    expect(port).toMatch(/^\d+$/);
    expect(service.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
  });

  it('health checks PostgreSQL and Redis', () => {
    expect(services.postgres.healthcheck!.test.join(' ')).toContain('pg_isready');
    expect(services.redis.healthcheck!.test.join(' ')).toContain('redis-cli ping');
  });

  it('builds one image whose command starts the app named by APP from the build', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    // npm ci's postinstall (patch-package) needs the patches, or the image runs unpatched code.
    for (const install of ['RUN npm ci --no-audit', 'RUN npm ci --omit=dev']) {
      const copyPatches = dockerfile.search(/^COPY patches /m);
      expect(copyPatches).toBeGreaterThan(-1);
      expect(copyPatches).toBeLessThan(dockerfile.indexOf(install));
    }
    // The apps and the web console are built in a stage of their own; the image runs the build.
    expect(dockerfile).toMatch(/^FROM node:20\S* AS build$/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    // $FLAGS: each app's memory flags (app-memory-settings.spec.ts checks them).
    expect(dockerfile).toMatch(/exec node \$FLAGS dist\/apps\/\$\{APP\}\/src\/main\.js/);
  });

  it('installs every package the apps import at run time (the image omits development dependencies)', () => {
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // The console is bundled by Vite into static files: node never loads its imports.
    const sources = execFileSync('git', ['ls-files', 'apps/*/src/*.ts', 'libs/*/src/*.ts'], { cwd: ROOT })
      .toString()
      .split('\n')
      .filter((file) => file && !/\.spec\.ts$|^libs\/testing\/|^apps\/console\//.test(file));
    const imported = new Set<string>();
    for (const file of sources) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const specifiers = [
        ...text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+'([^']+)'/gm),
        ...text.matchAll(/^import\s+'([^']+)'/gm),
      ].map(([, specifier]) => specifier);
      for (const specifier of specifiers) {
        if (/^(node:|@hookyard\/|\.)/.test(specifier)) continue;
        imported.add(
          specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/'),
        );
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !(name in dependencies))).toEqual([]);
  });

  it("ships no working credential: both tokens must be set, and are the operator's", () => {
    expect(() => composeWith({ HOOKYARD_INGEST_TOKEN: SECRETS.HOOKYARD_INGEST_TOKEN })).toThrow(
      /HOOKYARD_ADMIN_TOKEN/,
    );
    expect(() => composeWith({ HOOKYARD_ADMIN_TOKEN: SECRETS.HOOKYARD_ADMIN_TOKEN })).toThrow(
      /HOOKYARD_INGEST_TOKEN/,
    );
    for (const app of APPS) {
      expect(services[app].environment!.ADMIN_TOKEN).toBe(SECRETS.HOOKYARD_ADMIN_TOKEN);
      expect(services[app].environment!.INGEST_TOKEN).toBe(SECRETS.HOOKYARD_INGEST_TOKEN);
    }
    // A short token is refused at start (NODE_ENV=production), naming the variable.
    const weak = composeWith({
      HOOKYARD_ADMIN_TOKEN: 'short-admin-token',
      HOOKYARD_INGEST_TOKEN: 'change-me-ingest-token',
    });
    const start = () => validateEnvironment(weak.gateway.environment!);
    expect(start).toThrow(/ADMIN_TOKEN must be at least 32 characters/);
    expect(start).toThrow(/INGEST_TOKEN is a documented placeholder/);
    for (const file of ['docker-compose.yml', 'deploy/registry/config.yml', 'Dockerfile']) {
      expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/change-?me/i);
    }
  });

  it('publishes ports on 127.0.0.1 unless HOOKYARD_BIND says otherwise', () => {
    const published = Object.values(services).flatMap((service) => service.ports ?? []);
    expect(published.sort()).toEqual(['127.0.0.1:3000:3000', '127.0.0.1:3001:3001', '127.0.0.1:5000:5000']);
    const everywhere = Object.values(composeWith({ ...SECRETS, HOOKYARD_BIND: '0.0.0.0' })).flatMap(
      (service) => service.ports ?? [],
    );
    expect(everywhere.every((port) => port.startsWith('0.0.0.0:'))).toBe(true);
  });

  it("runs the registry with a config mounted and a notification endpoint that carries ingest's token", () => {
    const registry = services.registry;
    expect(registry.image).toBe('registry:2');
    const mount = registry.volumes!.find((volume) => volume.endsWith(':/etc/docker/registry/config.yml:ro'));
    expect(mount).toBeDefined();
    const config = parse(readFileSync(join(ROOT, mount!.split(':')[0]), 'utf8')) as Record<string, unknown>;
    // Set by the environment (registry:2 reads REGISTRY_NOTIFICATIONS_ENDPOINTS as YAML), not the file.
    expect(config.notifications).toBeUndefined();
    const endpoints = parse(registry.environment!.REGISTRY_NOTIFICATIONS_ENDPOINTS) as Array<{
      url: string;
      headers: { Authorization: string[] };
    }>;
    const [endpoint] = endpoints;
    const url = new URL(endpoint.url);
    const ingest = services.ingest.environment!;
    expect(url.hostname).toBe('ingest');
    expect(url.port).toBe(ingest.INGEST_PORT);
    expect(url.pathname).toBe('/events/distribution');
    expect(endpoint.headers.Authorization).toEqual([`Bearer ${ingest.INGEST_TOKEN}`]);
    expect(ingest.INGEST_TOKEN).toBe(SECRETS.HOOKYARD_INGEST_TOKEN);
    // Ingest reads manifests back from the same registry.
    expect(new URL(ingest.REGISTRY_URL).host).toBe('registry:5000');
  });

  (composePluginAvailable() ? it : it.skip)('passes `docker compose config`', () => {
    execFileSync('docker', ['compose', '-f', join(ROOT, 'docker-compose.yml'), 'config', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, ...SECRETS },
    });
  });
});
