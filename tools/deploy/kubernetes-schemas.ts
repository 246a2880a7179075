/**
 * JSON schemas for the Kubernetes objects in k8s/, cut down from the Kubernetes 1.30 OpenAPI
 * (io.k8s.api.*) and the KEDA v2 ScaledObject CRD to the fields Hookyard uses. They are strict
 * (`additionalProperties: false`) like `kubeconform -strict`, so a misspelt or misplaced field
 * fails; kubeconform itself downloads its schemas, which this offline machine cannot.
 */
type Schema = Record<string, unknown>;

const string = { type: 'string' };
const integer = (minimum = 0): Schema => ({ type: 'integer', minimum });
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const intOrString = { type: ['integer', 'string'] };
const strict = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const arrayOf = (items: Schema, minItems = 0): Schema => ({ type: 'array', items, minItems });
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
/** resource.Quantity, e.g. 250m, 512Mi, 2. */
const quantity = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$' };
/** RFC 1123 label, as Kubernetes requires for object and port names. */
const dnsLabel = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };

const definitions: Record<string, Schema> = {
  ObjectMeta: strict({ name: dnsLabel, namespace: dnsLabel, labels: stringMap, annotations: stringMap }, [
    'name',
  ]),
  LabelSelector: strict({
    matchLabels: stringMap,
    matchExpressions: arrayOf(
      strict({ key: string, operator: string, values: arrayOf(string) }, ['key', 'operator']),
    ),
  }),
  Probe: strict({
    httpGet: strict({ path: string, port: intOrString, scheme: { enum: ['HTTP', 'HTTPS'] } }, ['port']),
    tcpSocket: strict({ port: intOrString }, ['port']),
    exec: strict({ command: arrayOf(string, 1) }),
    initialDelaySeconds: integer(),
    periodSeconds: integer(1),
    timeoutSeconds: integer(1),
    successThreshold: integer(1),
    failureThreshold: integer(1),
  }),
  ResourceRequirements: strict({
    requests: { type: 'object', additionalProperties: quantity },
    limits: { type: 'object', additionalProperties: quantity },
  }),
  Container: strict(
    {
      name: dnsLabel,
      image: string,
      command: arrayOf(string),
      args: arrayOf(string),
      env: arrayOf(strict({ name: string, value: string }, ['name'])),
      envFrom: arrayOf(
        strict({
          prefix: string,
          configMapRef: strict({ name: string, optional: { type: 'boolean' } }, ['name']),
          secretRef: strict({ name: string, optional: { type: 'boolean' } }, ['name']),
        }),
      ),
      ports: arrayOf(
        strict(
          {
            name: { ...dnsLabel, maxLength: 15 },
            containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
            protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
          },
          ['containerPort'],
        ),
      ),
      startupProbe: ref('Probe'),
      livenessProbe: ref('Probe'),
      readinessProbe: ref('Probe'),
      lifecycle: strict({
        preStop: strict({ exec: strict({ command: arrayOf(string, 1) }) }),
      }),
      resources: ref('ResourceRequirements'),
      securityContext: strict({
        runAsNonRoot: { type: 'boolean' },
        runAsUser: integer(),
        allowPrivilegeEscalation: { type: 'boolean' },
        readOnlyRootFilesystem: { type: 'boolean' },
      }),
      volumeMounts: arrayOf(
        strict({ name: string, mountPath: string, readOnly: { type: 'boolean' } }, ['name', 'mountPath']),
      ),
    },
    ['name'],
  ),
  PodTemplateSpec: strict(
    {
      metadata: strict({ labels: stringMap, annotations: stringMap }),
      spec: strict(
        {
          terminationGracePeriodSeconds: integer(),
          containers: arrayOf(ref('Container'), 1),
          volumes: arrayOf(
            strict(
              {
                name: dnsLabel,
                secret: strict({ secretName: string, defaultMode: integer() }, ['secretName']),
                configMap: strict({ name: string, defaultMode: integer() }, ['name']),
              },
              ['name'],
            ),
          ),
        },
        ['containers'],
      ),
    },
    ['metadata', 'spec'],
  ),
  PersistentVolumeClaim: strict(
    {
      metadata: strict({ name: dnsLabel }, ['name']),
      spec: strict({
        accessModes: arrayOf({
          enum: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
        }),
        storageClassName: string,
        resources: strict({ requests: { type: 'object', additionalProperties: quantity } }),
      }),
    },
    ['metadata', 'spec'],
  ),
};

function kind(apiVersion: string, kindName: string, properties: Record<string, Schema>, required: string[]) {
  return {
    type: 'object',
    properties: {
      apiVersion: { const: apiVersion },
      kind: { const: kindName },
      metadata: ref('ObjectMeta'),
      ...properties,
    },
    required: ['apiVersion', 'kind', 'metadata', ...required],
    additionalProperties: false,
    definitions,
  };
}

/** Schema per `apiVersion/kind`. */
export const KUBERNETES_SCHEMAS: Record<string, Schema> = {
  'v1/Namespace': kind('v1', 'Namespace', {}, []),
  'v1/ConfigMap': kind('v1', 'ConfigMap', { data: stringMap }, []),
  'v1/Secret': kind('v1', 'Secret', { type: string, data: stringMap, stringData: stringMap }, []),
  'v1/Service': kind(
    'v1',
    'Service',
    {
      spec: strict(
        {
          type: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
          selector: stringMap,
          ports: arrayOf(
            strict(
              {
                name: dnsLabel,
                port: { type: 'integer', minimum: 1, maximum: 65535 },
                targetPort: intOrString,
                protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
              },
              ['port'],
            ),
            1,
          ),
        },
        ['ports'],
      ),
    },
    ['spec'],
  ),
  'apps/v1/Deployment': kind(
    'apps/v1',
    'Deployment',
    {
      spec: strict(
        {
          replicas: integer(),
          selector: ref('LabelSelector'),
          template: ref('PodTemplateSpec'),
          strategy: strict({
            type: { enum: ['RollingUpdate', 'Recreate'] },
            rollingUpdate: strict({ maxUnavailable: intOrString, maxSurge: intOrString }),
          }),
        },
        ['selector', 'template'],
      ),
    },
    ['spec'],
  ),
  'apps/v1/StatefulSet': kind(
    'apps/v1',
    'StatefulSet',
    {
      spec: strict(
        {
          serviceName: string,
          replicas: integer(),
          selector: ref('LabelSelector'),
          template: ref('PodTemplateSpec'),
          volumeClaimTemplates: arrayOf(ref('PersistentVolumeClaim')),
        },
        ['selector', 'template'],
      ),
    },
    ['spec'],
  ),
  'policy/v1/PodDisruptionBudget': kind(
    'policy/v1',
    'PodDisruptionBudget',
    {
      spec: strict(
        { minAvailable: intOrString, maxUnavailable: intOrString, selector: ref('LabelSelector') },
        ['selector'],
      ),
    },
    ['spec'],
  ),
  'autoscaling/v2/HorizontalPodAutoscaler': kind(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    {
      spec: strict(
        {
          scaleTargetRef: strict({ apiVersion: string, kind: string, name: string }, ['kind', 'name']),
          minReplicas: integer(1),
          maxReplicas: integer(1),
          metrics: arrayOf(
            strict(
              {
                type: { enum: ['Resource', 'Pods', 'Object', 'External', 'ContainerResource'] },
                resource: strict(
                  {
                    name: string,
                    target: strict(
                      {
                        type: { enum: ['Utilization', 'Value', 'AverageValue'] },
                        averageUtilization: integer(1),
                        averageValue: quantity,
                        value: quantity,
                      },
                      ['type'],
                    ),
                  },
                  ['name', 'target'],
                ),
              },
              ['type'],
            ),
          ),
          behavior: strict({
            scaleUp: strict({ stabilizationWindowSeconds: integer() }),
            scaleDown: strict({ stabilizationWindowSeconds: integer() }),
          }),
        },
        ['scaleTargetRef', 'maxReplicas'],
      ),
    },
    ['spec'],
  ),
  'keda.sh/v1alpha1/ScaledObject': kind(
    'keda.sh/v1alpha1',
    'ScaledObject',
    {
      spec: strict(
        {
          scaleTargetRef: strict({ apiVersion: string, kind: string, name: string }, ['name']),
          pollingInterval: integer(1),
          cooldownPeriod: integer(),
          minReplicaCount: integer(),
          maxReplicaCount: integer(1),
          triggers: arrayOf(
            strict(
              {
                type: string,
                name: string,
                metadata: stringMap,
                authenticationRef: strict({ name: string }, ['name']),
              },
              ['type', 'metadata'],
            ),
            1,
          ),
        },
        ['scaleTargetRef', 'triggers'],
      ),
    },
    ['spec'],
  ),
};
