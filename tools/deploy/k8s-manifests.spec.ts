import { parseDuration, validateEnvironment } from '@hookyard/config';
import { bullPrefix, DELIVERIES_QUEUE } from '@hookyard/queue';
import { appNodeFlags } from '@hookyard/util';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KUBERNETES_SCHEMAS } from './kubernetes-schemas';

const ROOT = resolve(__dirname, '../..');
const K8S = join(ROOT, 'k8s');
const APPS = ['gateway', 'ingest', 'dispatcher', 'worker'] as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked by schema first, then read loosely */
type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [field: string]: any };

function load(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS() as Manifest;
  });
}

const kustomization = load('kustomization.yaml')[0] as unknown as { resources: string[] };
/** Files kustomization.yaml leaves out: the CPU autoscaler instead of KEDA, the PgBouncer option. */
const ALTERNATIVES = ['autoscaling/worker-hpa-cpu.yaml', 'options/pgbouncer.yaml'];
const files = [...kustomization.resources, ...ALTERNATIVES];
const manifests = files.flatMap((file) => load(file).map((manifest) => ({ file, manifest })));
const find = (kind: string, name: string) =>
  manifests.find(({ manifest }) => manifest.kind === kind && manifest.metadata.name === name)?.manifest;

/** A Kubernetes memory quantity in Mi or Gi, in MiB. */
const mebibytes = (quantity: string) => {
  const [, amount, unit] = /^(\d+)(Mi|Gi)$/.exec(quantity)!;
  return Number(amount) * (unit === 'Gi' ? 1024 : 1);
};
const ajv = new Ajv({ allErrors: true });

describe('k8s/ manifests', () => {
  it.each(
    manifests.map(({ file, manifest }) => [`${file} ${manifest.kind}/${manifest.metadata.name}`, manifest]),
  )('%s matches its Kubernetes schema', (_, manifest) => {
    const schema = KUBERNETES_SCHEMAS[`${manifest.apiVersion}/${manifest.kind}`];
    expect(schema).toBeDefined();
    const valid = ajv.validate(schema, manifest);
    expect(
      valid ? [] : ajv.errors!.map((e) => `${e.dataPath} ${e.message} ${JSON.stringify(e.params)}`),
    ).toEqual([]);
  });

  it('the schemas refuse a misplaced field and a number where a string belongs', () => {
    const deployment = structuredClone(find('Deployment', 'worker')!);
    deployment.spec.template.spec.containers[0].livenessProbe.httpGet.pat = '/healthz';
    expect(ajv.validate(KUBERNETES_SCHEMAS['apps/v1/Deployment'], deployment)).toBe(false);
    const config = structuredClone(find('ConfigMap', 'hookyard-config')!);
    config.data.WORKER_CONCURRENCY = 64;
    expect(ajv.validate(KUBERNETES_SCHEMAS['v1/ConfigMap'], config)).toBe(false);
  });

  it('the ConfigMap and Secret make a valid production configuration once the Secret is filled in', () => {
    const config = find('ConfigMap', 'hookyard-config')!.data;
    const secret = find('Secret', 'hookyard-secrets')!.stringData;
    expect(config.NODE_ENV).toBe('production');
    // As shipped, every secret is a placeholder that a production start refuses, naming it.
    const shipped = () => validateEnvironment({ ...config, ...secret });
    expect(shipped).toThrow(/ADMIN_TOKEN is a documented placeholder/);
    expect(shipped).toThrow(/INGEST_TOKEN is a documented placeholder/);
    expect(shipped).toThrow(/DATABASE_URL holds a documented placeholder password/);
    const filledIn = {
      ...secret,
      DATABASE_URL: secret.DATABASE_URL.replace('change-me', 'db-password'),
      ADMIN_TOKEN: 'a'.repeat(40),
      INGEST_TOKEN: 'i'.repeat(40),
    };
    expect(() => validateEnvironment({ ...config, ...filledIn })).not.toThrow();
    expect(find('StatefulSet', 'redis')!.spec.template.spec.containers[0].args.join(' ')).toBe(
      '--appendonly yes --appendfsync everysec --maxmemory-policy noeviction',
    );
  });

  describe.each(APPS)('%s', (app) => {
    const deployment = find('Deployment', app)!;
    const config = find('ConfigMap', 'hookyard-config')!.data as Record<string, string>;
    const container = deployment?.spec.template.spec.containers[0];
    const labels = deployment?.spec.template.metadata.labels;

    it('runs the app on the port its configuration names, with probes and resources', () => {
      expect(container.env).toContainEqual({ name: 'APP', value: app });
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'hookyard-config' } },
        { secretRef: { name: 'hookyard-secrets' } },
      ]);
      const port = container.ports.find((p: { name: string }) => p.name === 'http');
      expect(String(port.containerPort)).toBe(config[`${app.toUpperCase()}_PORT`]);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.resources.requests).toHaveProperty('cpu');
      expect(container.resources.requests).toHaveProperty('memory');
      expect(container.resources.limits).toHaveProperty('memory');
      expect(deployment.spec.selector.matchLabels).toEqual(
        expect.objectContaining({ 'app.kubernetes.io/name': app }),
      );
      expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    });

    it('has a memory limit that holds the heap its node flags allow and what lives outside it', () => {
      const flagMb = (name: string) =>
        Number(
          appNodeFlags(app)
            .find((flag) => flag.startsWith(`--${name}=`))!
            .split('=')[1],
        );
      const heapMb = flagMb('max-old-space-size') + 2 * flagMb('max-semi-space-size');
      // The bench's apps hold 58–73 MB of RSS outside the JavaScript heap (code, the runtime, buffers).
      expect(mebibytes(container.resources.limits.memory)).toBeGreaterThanOrEqual(heapMb + 80);
    });

    it('serves /metrics on METRICS_PORT, where Prometheus scrapes it', () => {
      const metrics = container.ports.find((p: { name: string }) => p.name === 'metrics');
      expect(String(metrics.containerPort)).toBe(config.METRICS_PORT);
      expect(config.METRICS_PORT).not.toBe(config[`${app.toUpperCase()}_PORT`]);
      const annotations = deployment.spec.template.metadata.annotations;
      expect(annotations).toMatchObject({
        'prometheus.io/port': config.METRICS_PORT,
        'prometheus.io/path': '/metrics',
      });
    });

    it('has a Service and a PodDisruptionBudget selecting its pods; the Service does not expose metrics', () => {
      const service = find('Service', app)!;
      expect(labels).toMatchObject(service.spec.selector);
      expect(service.spec.ports).toHaveLength(1);
      expect(service.spec.ports[0].targetPort).toBe('http');
      expect(String(service.spec.ports[0].port)).not.toBe(config.METRICS_PORT);
      const budget = find('PodDisruptionBudget', app)!;
      expect(labels).toMatchObject(budget.spec.selector.matchLabels);
    });

    it('gives graceful shutdown time for an in-flight delivery', () => {
      const grace = deployment.spec.template.spec.terminationGracePeriodSeconds;
      const preStop = Number(container.lifecycle?.preStop.exec.command[1] ?? 0);
      const timeoutSeconds = parseDuration(config.DELIVERY_TIMEOUT) / 1000;
      expect(grace).toBeGreaterThanOrEqual(preStop + (app === 'worker' ? 2 * timeoutSeconds : 10));
    });
  });

  it('scales the worker on the BullMQ wait list of the configured prefix (KEDA) or on CPU (HPA)', () => {
    const config = find('ConfigMap', 'hookyard-config')!.data;
    const scaled = find('ScaledObject', 'worker')!;
    expect(scaled.spec.scaleTargetRef.name).toBe('worker');
    const [trigger] = scaled.spec.triggers;
    expect(trigger.type).toBe('redis');
    expect(trigger.metadata.listName).toBe(`${bullPrefix(config.REDIS_PREFIX)}:${DELIVERIES_QUEUE}:wait`);
    expect(`redis://${trigger.metadata.address}`).toBe(config.REDIS_URL);
    expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);

    const hpa = find('HorizontalPodAutoscaler', 'worker')!;
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    // Both target the same Deployment, so only one of them is applied.
    expect(kustomization.resources).not.toContain('autoscaling/worker-hpa-cpu.yaml');
  });

  it('offers PgBouncer in transaction pooling mode, reachable by a DATABASE_URL the apps accept', () => {
    const ini = find('Secret', 'pgbouncer-config')!.stringData['pgbouncer.ini'] as string;
    expect(ini).toMatch(/^pool_mode = transaction$/m);
    const port = /^listen_port = (\d+)$/m.exec(ini)![1];
    const deployment = find('Deployment', 'pgbouncer')!;
    const pod = deployment.spec.template;
    const service = find('Service', 'pgbouncer')!;
    expect(pod.metadata.labels).toMatchObject(service.spec.selector);
    expect(String(pod.spec.containers[0].ports[0].containerPort)).toBe(port);
    expect(pod.spec.volumes[0].secret.secretName).toBe('pgbouncer-config');
    expect(pod.metadata.labels).toMatchObject(
      find('PodDisruptionBudget', 'pgbouncer')!.spec.selector.matchLabels,
    );
    // The URL the option's comment tells to put in DATABASE_URL, with its password filled in.
    const url = /postgres:\/\/\S+pgbouncer\.hookyard\.svc\.cluster\.local:\d+\/\S+/.exec(
      readFileSync(join(K8S, 'options/pgbouncer.yaml'), 'utf8'),
    )![0];
    expect(new URL(url).port).toBe(String(service.spec.ports[0].port));
    const env = {
      ...find('ConfigMap', 'hookyard-config')!.data,
      ADMIN_TOKEN: 'a'.repeat(40),
      INGEST_TOKEN: 'i'.repeat(40),
      DATABASE_URL: url.replace('change-me', 'db-password'),
    };
    expect(() => validateEnvironment(env)).not.toThrow();
    expect(kustomization.resources).not.toContain('options/pgbouncer.yaml');
  });
});
