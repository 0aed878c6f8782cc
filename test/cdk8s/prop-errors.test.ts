/**
 * Props of the wrong type or shape, as JavaScript callers, `any` and props read from files can pass them: every one is
 * an error that names the construct, the prop and the fix, never a crash inside a builder (a TypeError with a stack
 * trace) nor a malformed object.
 */
import { Chart, Lazy, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as kh from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

type Kind = 'HardenedDeployment' | 'HardenedStatefulSet' | 'HardenedDaemonSet' | 'HardenedJob' | 'HardenedCronJob'
| 'RestrictedNamespace' | 'IsolatedNetwork' | 'RuntimeMonitoring' | 'SignedImagePolicy' | 'AdmissionGuard';

/** Builds `kind` with `props` and synthesizes it; objects the Kubernetes schema rejects are an error of their own. */
function construct(kind: Kind, props: unknown, id = 'c'): void {
  const chart = Testing.chart();
  new (kh[kind] as unknown as new (scope: Chart, id: string, props: unknown) => unknown)(chart, id, props);
  const problems = Testing.synth(chart).flatMap(schemaProblems);
  if (problems.length > 0) throw new Error(`accepted, but the schema rejects: ${problems.join('; ')}`);
}

const WORKLOAD_PROPS = [
  'name', 'namespace', 'port', 'ports', 'env', 'command', 'args', 'workingDir', 'resources', 'readinessProbe', 'livenessProbe',
  'startupProbe', 'imagePullPolicy', 'readOnlyRootFilesystem', 'writablePaths', 'tmpfsSizeLimit', 'addCapabilities',
  'allowPrivilegeEscalation', 'privileged', 'runAsUser', 'runAsGroup', 'fsGroup', 'runAsNonRoot', 'seccompProfile', 'hostNetwork',
  'hostPID', 'hostIPC', 'automountServiceAccountToken', 'initContainers', 'sidecars', 'secrets', 'podLabels', 'podAnnotations',
  'nodeSelector', 'terminationGracePeriodSeconds', 'labels', 'annotations', 'overrides', 'serviceType', 'serviceAccountName',
  'allowIngressFrom', 'allowEgressTo', 'allowedRegistries',
];

const TARGETS: ReadonlyArray<[Kind, Record<string, unknown>, readonly string[]]> = [
  ['HardenedDeployment', { image: PINNED_IMAGE, port: 8080 }, [...WORKLOAD_PROPS, 'replicas']],
  ['HardenedDeployment', { image: PINNED_IMAGE }, ['port', 'ports', 'replicas']],
  ['HardenedStatefulSet', { image: PINNED_IMAGE, port: 5432 }, ['storage', 'replicas', 'podManagementPolicy']],
  ['HardenedDaemonSet', { image: PINNED_IMAGE }, ['service', 'maxUnavailable']],
  ['HardenedJob', { image: PINNED_IMAGE }, ['backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'restartPolicy', 'completions', 'parallelism']],
  ['HardenedCronJob', { image: PINNED_IMAGE, schedule: '0 3 * * *' }, ['schedule', 'timeZone', 'concurrencyPolicy', 'suspend', 'startingDeadlineSeconds']],
  ['RestrictedNamespace', {}, ['name', 'enforce', 'audit', 'warn', 'version', 'quota', 'containerDefaults', 'labels', 'annotations', 'overrides']],
  ['IsolatedNetwork', { members: ['web'] }, ['namespace', 'members', 'tiers', 'allow', 'ingressFrom', 'egressTo', 'clusterCidrs']],
  ['RuntimeMonitoring', {}, ['falcoNamespace', 'rulesFileName', 'internalNamespaces', 'internalPodLabels', 'clusterNetworks', 'shellAllowedImages', 'tokenReaders', 'auditPolicyConfigMap', 'execAuditLevel']],
  ['SignedImagePolicy', {
    images: ['registry.example.com/**'],
    keyless: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main' }],
  }, ['images', 'publicKeys', 'keyless', 'verifier', 'mode', 'labels']],
  ['AdmissionGuard', {}, ['pss', 'guideRules', 'exemptNamespaces', 'validationActions', 'namePrefix']],
];

/** JSON values of every type, nested a little. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 70000 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('props of any JSON type', () => {
  test.each(TARGETS)('%s: each prop either works or is an error naming the construct', (kind, base, props) => {
    fc.assert(fc.property(fc.constantFrom(...props), jsonValue, (prop, value) => {
      try {
        construct(kind, { ...base, [prop]: value });
      } catch (e) {
        if (!(e instanceof Error) || e instanceof TypeError || !e.message.startsWith('[test/c] ')) {
          throw new Error(`${kind} { ${prop}: ${JSON.stringify(value)} } failed without naming the construct: ${String(e)}`);
        }
      }
    }), { numRuns: 300 });
  });
});

/** Any JSON scalar, a short list or a small object: the wrong (or right) type for a nested field. */
const anyField = fc.oneof(
  fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 70000 }), fc.boolean(), fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('a', 'cpu', 'memory', 'name'), fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxKeys: 2 }),
);
/** Lists of objects with the fields the props name, each holding anything. */
const itemsWith = (fields: readonly string[]) => fc.array(
  fc.record(Object.fromEntries(fields.map((f) => [f, anyField])), { requiredKeys: [] }), { minLength: 1, maxLength: 2 },
);
const PEER_FIELDS = ['workload', 'podLabels', 'namespace', 'namespaceLabels', 'cidr', 'except', 'ports', 'protocol'];
const PEER_DETAILS = ['podLabels', 'namespaceLabels', 'ports', 'protocol'];
const NESTED: ReadonlyArray<[Kind, Record<string, unknown>, Record<string, fc.Arbitrary<unknown>>]> = [
  ['HardenedDeployment', { image: PINNED_IMAGE, port: 8080 }, {
    ports: itemsWith(['port', 'name', 'protocol', 'servicePort', 'hostPort']),
    allowIngressFrom: itemsWith(PEER_FIELDS),
    allowEgressTo: itemsWith(PEER_FIELDS),
    overrides: itemsWith(['rule', 'justification', 'expires']),
    sidecars: itemsWith(['command', 'ports', 'env', 'resources', 'writablePaths', 'addCapabilities']).map((items) => items.map((item) => ({ ...item, name: 'side', image: PINNED_IMAGE }))),
    env: fc.dictionary(fc.constantFrom('A', 'DB_PASSWORD'), anyField, { maxKeys: 2 }),
    resources: fc.record({ limits: fc.dictionary(fc.constantFrom('cpu', 'memory'), anyField), requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), anyField) }, { requiredKeys: [] }),
  }],
  // Probes with one handler, its fields holding anything.
  ['HardenedDeployment', { image: PINNED_IMAGE, port: 8080 }, {
    readinessProbe: fc.record({ httpGet: fc.record({ path: anyField, port: anyField, scheme: anyField }, { requiredKeys: [] }), periodSeconds: anyField }, { requiredKeys: ['httpGet'] }),
    livenessProbe: fc.record({ exec: fc.oneof(anyField, fc.record({ command: anyField }, { requiredKeys: [] })), failureThreshold: anyField }, { requiredKeys: ['exec'] }),
    startupProbe: fc.oneof(
      fc.record({ grpc: fc.oneof(anyField, fc.record({ port: anyField, service: anyField }, { requiredKeys: [] })) }),
      fc.record({ tcpSocket: fc.oneof(anyField, fc.record({ port: anyField, host: anyField }, { requiredKeys: [] })) }),
    ),
  }],
  // Peers that name a valid workload reach the checks of their other fields.
  ['HardenedDeployment', { image: PINNED_IMAGE, port: 8080 }, {
    allowIngressFrom: itemsWith(PEER_DETAILS).map((peers) => peers.map((peer) => ({ ...peer, workload: 'frontend' }))),
    allowEgressTo: itemsWith(PEER_DETAILS).map((peers) => peers.map((peer) => ({ ...peer, workload: 'database' }))),
  }],
  ['HardenedStatefulSet', { image: PINNED_IMAGE, port: 5432 }, { storage: itemsWith(['name', 'mountPath', 'size', 'accessModes', 'storageClassName']) }],
  ['RestrictedNamespace', {}, {
    quota: fc.record(Object.fromEntries(['pods', 'requestsCpu', 'limitsMemory', 'loadBalancers'].map((f) => [f, anyField])), { requiredKeys: [] }),
    containerDefaults: fc.record({ requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), anyField) }, { requiredKeys: [] }),
  }],
  ['IsolatedNetwork', { members: ['web', 'api'] }, {
    tiers: itemsWith(['name', 'members', 'internal', 'externalPorts']),
    allow: itemsWith(['from', 'to', 'ports', 'protocol']),
    ingressFrom: itemsWith(['namespace', 'namespaceLabels', 'cidr', 'to', 'ports', 'protocol']),
    egressTo: itemsWith(['from', 'namespace', 'cidr', 'ports', 'protocol']),
  }],
];

describe('nested fields of any JSON type', () => {
  test.each(NESTED)('%s (case %#): each either works or is an error naming the construct', (kind, base, arbitraries) => {
    const propAndValue = fc.constantFrom(...Object.keys(arbitraries)).chain((prop) => arbitraries[prop].map((value) => [prop, value] as const));
    fc.assert(fc.property(propAndValue, ([prop, value]) => {
      try {
        construct(kind, { ...base, [prop]: value });
      } catch (e) {
        // A sidecar's errors name the construct and the container (`[test/c/side]`).
        if (!(e instanceof Error) || e instanceof TypeError || !/^\[test\/c[\]/]/.test(e.message)) {
          throw new Error(`${kind} { ${prop}: ${JSON.stringify(value)} } failed without naming the construct: ${String(e)}`);
        }
      }
    }), { numRuns: 800 });
  });
});

describe('props of the wrong type', () => {
  test.each<[Kind, string, Record<string, unknown>, string]>([
    ['HardenedDeployment', 'a string for a list of strings', { command: '/app --serve' },
      '[test/c] command "/app --serve" is not a list of strings. Fix: use ["/app", "--serve"].'],
    ['HardenedDeployment', 'a number for a list', { initContainers: 5 },
      '[test/c] initContainers 5 is not a list. Fix: use [{ name: "migrate", image: "registry.example.com/migrate@sha256:…" }].'],
    ['HardenedDeployment', 'a label value that is not a string', { labels: { team: 5 } },
      '[test/c] labels {"team":5} is not an object of string values. Fix: use { team: "payments" }.'],
    ['HardenedDeployment', 'a namespace that is not a name', { namespace: 'Team_A' },
      '[test/c] namespace "Team_A" is not a namespace name. Fix: use lower-case letters, digits and \'-\', such as "shop".'],
    ['HardenedDeployment', 'an unknown pull policy', { imagePullPolicy: 'Sometimes' },
      '[test/c] imagePullPolicy "Sometimes" is not one of Always, IfNotPresent, Never. Fix: use Always or IfNotPresent or Never.'],
    ['HardenedDeployment', 'a flag given as text', { readOnlyRootFilesystem: 'false' },
      '[test/c] readOnlyRootFilesystem "false" is not true or false. Fix: use true or false.'],
    ['HardenedDeployment', 'a probe that is not an object', { readinessProbe: '/healthz' },
      '[test/c] readinessProbe "/healthz" is not an object. Fix: use { httpGet: { path: "/healthz", port: "http" } }.'],
    ['HardenedDeployment', 'resources that are not an object', { resources: { limits: '1Gi' } },
      '[test/c] resources.limits "1Gi" is not an object. Fix: use { cpu: "1", memory: "512Mi" }.'],
    ['HardenedDeployment', 'a grace period that is not a count', { terminationGracePeriodSeconds: '30s' },
      '[test/c] terminationGracePeriodSeconds "30s" is not a whole number, 0 or more. Fix: use a whole number such as 30.'],
    ['HardenedDeployment', 'registries given as text', { allowedRegistries: 'registry.example.com' },
      '[test/c] allowedRegistries "registry.example.com" is not a list of strings. Fix: use ["registry.example.com"].'],
    ['HardenedDeployment', 'peer ports given as text', { allowIngressFrom: [{ workload: 'frontend', ports: '8080' }] },
      '[test/c] allowIngressFrom[0].ports "8080" is not a list of port numbers. Fix: use a list such as [8080].'],
    ['HardenedDeployment', 'peer labels that are not strings', { allowEgressTo: [{ podLabels: { app: 5 }, ports: [5432] }] },
      '[test/c] allowEgressTo[0].podLabels {"app":5} is not an object of string values. Fix: use { app: "frontend" }.'],
    ['HardenedCronJob', 'suspend given as text', { schedule: '0 3 * * *', suspend: 'yes' },
      '[test/c] suspend "yes" is not true or false. Fix: use true or false.'],
    ['IsolatedNetwork', 'tiers that are not a list', { tiers: { name: 'data' } },
      '[test/c] tiers must be a list of { name, members, internal? }.'],
    ['IsolatedNetwork', 'allows that are not a list', { members: ['web'], allow: { from: 'web', to: 'api' } },
      '[test/c] allow {"from":"web","to":"api"} is not a list. Fix: use [{ from: "frontend", to: "api", ports: [8080] }].'],
    ['IsolatedNetwork', 'a cluster CIDR that is not one', { members: ['web'], clusterCidrs: ['10.0.0.0'] },
      '[test/c] clusterCidrs[0] "10.0.0.0" is not a CIDR. Fix: use a block such as "10.0.0.0/8" or "fc00::/7".'],
    ['RuntimeMonitoring', 'networks given as text', { clusterNetworks: '10.0.0.0/8' },
      '[test/c] clusterNetworks "10.0.0.0/8" is not a list of strings. Fix: use ["10.0.0.0/8"].'],
    ['SignedImagePolicy', 'identities that are not a list', { images: ['registry.example.com/**'], keyless: { issuer: 'https://issuer.example.com' } },
      '[test/c] keyless {"issuer":"https://issuer.example.com"} is not a list. Fix: use [{ issuer: "https://token.actions.githubusercontent.com", subject: "…" }].'],
  ])('%s, %s', (kind, _what, props, message) => {
    const base = kind.startsWith('Hardened') ? { image: PINNED_IMAGE, port: kind === 'HardenedCronJob' ? undefined : 8080 } : {};
    expect(() => construct(kind, { ...base, ...props })).toThrow(exactly(message));
  });

  test('a long value is shortened in the message', () => {
    expect(() => construct('HardenedDeployment', { image: PINNED_IMAGE, port: 8080, args: 'x'.repeat(100) })).toThrow(
      exactly(`[test/c] args "${'x'.repeat(56)}... is not a list of strings. Fix: use ["--port", "8080"].`));
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['resources', { resources: Lazy.any({ produce: () => ({ limits: { memory: '2Gi' } }) }) }, 'resources'],
    ['ports', { port: undefined, ports: Lazy.any({ produce: () => [{ port: 8080 }] }) }, 'ports'],
    ['args', { args: Lazy.any({ produce: () => ['--x'] }) }, 'args'],
    ['podLabels', { podLabels: Lazy.any({ produce: () => ({ team: 'shop' }) }) }, 'podLabels'],
    ['privileged', { privileged: Lazy.any({ produce: () => false }) }, 'privileged'],
    ['resources.limits', { resources: { limits: Lazy.any({ produce: () => ({ memory: '2Gi' }) }) } }, 'resources.limits'],
  ])('a prop the builder reads, given as a cdk8s Lazy (%s), is refused', (_, extra, prop) => {
    expect(() => construct('HardenedDeployment', { image: PINNED_IMAGE, port: 8080, ...extra })).toThrow(exactly(
      `[test/c] ${prop} is a value resolved later (a cdk8s Lazy, or another class instance), but kubeharden reads it to build and check the objects. `
      + `Fix: pass ${prop} as a plain value.`));
  });

  test('a misspelt key of resources is refused, with the closest name', () => {
    expect(() => construct('HardenedDeployment', { image: PINNED_IMAGE, port: 8080, resources: { limit: { memory: '2Gi' } } })).toThrow(
      exactly('[test/c] unknown prop resources.limit. Fix: use resources.limits, or remove it.'));
  });

  test('a value a cdk8s Lazy resolves later passes the check (the synth-time audit sees what it renders)', () => {
    expect(() => construct('HardenedDeployment', {
      image: PINNED_IMAGE, port: 8080, annotations: { note: Lazy.any({ produce: () => 'rendered later' }) },
    })).not.toThrow();
  });
});

describe('errors of props of the right type', () => {
  test.each<[Kind, string, unknown, string]>([
    ['HardenedDeployment', 'api', null, '[test/api] props are missing. Fix: pass at least { image, port }.'],
    ['HardenedDeployment', '!!!', { image: PINNED_IMAGE, port: 8080 },
      '[test/!!!] cannot derive a Kubernetes name from id "!!!". Fix: pass name: \'my-app\' (lower-case letters, digits and \'-\', starting with a letter).'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, ports: [{ port: 8081 }] },
      '[test/api] both port and ports are set. Fix: use ports: [{ port: … }, …] alone.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, ports: ['8080'] }, '[test/api] ports[0] must be an object { port, name?, protocol? }.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, ports: [{ port: 8080, name: 'HTTP' }] },
      '[test/api] port name "HTTP" is invalid. Fix: use at most 15 lower-case letters, digits and \'-\', with at least one letter.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, ports: [{ port: 8080 }, { port: 8080 }] },
      '[test/api] port 8080/TCP is declared twice. Fix: declare each port once, with a unique name.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, ports: [{ port: 8080, name: 'web' }, { port: 8081, name: 'web' }] },
      '[test/api] port name "web" is declared twice. Fix: declare each port once, with a unique name.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, writablePaths: ['tmp'] },
      '[test/api] writablePaths entry "tmp" is not an absolute path. Fix: use paths like "/tmp".'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, writablePaths: ['/tmp', '/tmp'] },
      '[test/api] writablePaths lists /tmp twice. Fix: list each path once.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, seccompProfile: { type: 'Localhost' } },
      '[test/api] seccompProfile.type Localhost needs localhostProfile. Fix: set localhostProfile to the profile file on the node.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, env: ['LOG_LEVEL=info'] }, '[test/api] env must be an object of NAME: "value" pairs.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, env: { '1X': 'v' } },
      '[test/api] env name "1X" is invalid. Fix: use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, sidecars: [{ name: 'Bad_Name', image: PINNED_IMAGE }] },
      '[test/api] container name "Bad_Name" is invalid. Fix: use lower-case letters, digits and \'-\' (at most 63).'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, sidecars: [{ name: 'api', image: PINNED_IMAGE }] },
      '[test/api] container name "api" is used twice. Fix: give each container a unique name.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, readinessProbe: { periodSeconds: 5 } },
      '[test/api] readinessProbe has no handler. Fix: give it exactly one of exec, httpGet, tcpSocket or grpc, e.g. { httpGet: { path: "/healthz", port: "http" } }.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, tcpSocket: { port: 'http' } } },
      '[test/api] livenessProbe has 2 handlers (httpGet, tcpSocket). Fix: give it exactly one of exec, httpGet, tcpSocket or grpc, e.g. { httpGet: { path: "/healthz", port: "http" } }.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } } },
      '[test/api] livenessProbe checks port "metrics", which the container does not declare. Fix: use one of "http", or a port number.'],
    ['HardenedJob', 'migrate', { image: PINNED_IMAGE, startupProbe: { tcpSocket: { port: 'http' } } },
      '[test/migrate] startupProbe checks port "http", which the container does not declare. Fix: use a port number, or declare the port in ports.'],
    ['HardenedDeployment', 'api', { image: PINNED_IMAGE, port: 8080, secrets: 'db' },
      '[test/api] secrets must be a list such as [SecretMount.fromSecret(\'db\')].'],
    ['HardenedStatefulSet', 'db', { image: PINNED_IMAGE, port: 5432, storage: { name: 'data' } }, '[test/db] storage must be a list of { name, mountPath, size }.'],
    ['HardenedStatefulSet', 'db', { image: PINNED_IMAGE, port: 5432, storage: ['data'] }, '[test/db] storage[0] must be an object { name, mountPath, size }.'],
    ['HardenedStatefulSet', 'a'.repeat(53), { image: PINNED_IMAGE, port: 5432 },
      `[test/${'a'.repeat(53)}] name "${'a'.repeat(53)}" is too long for a StatefulSet (its pods' controller-revision-hash label "<name>-<hash>" would exceed 63 characters). Fix: use a name of at most 52 characters.`],
    ['HardenedCronJob', 'c'.repeat(53), { image: PINNED_IMAGE, schedule: '@daily' },
      `[test/${'c'.repeat(53)}] name "${'c'.repeat(53)}" is too long for a CronJob (its Jobs are named "<name>-<scheduled time>", at most 63 characters). Fix: use a name of at most 52 characters.`],
    ['RestrictedNamespace', 'shop', 'shop', '[test/shop] props must be an object (or omitted).'],
    ['SignedImagePolicy', 'signed', null, '[test/signed] props must be an object such as { images: ["registry.example.com/**"], publicKeys: [...] }.'],
    ['RestrictedNamespace', 'shop', { quota: 50 }, '[test/shop] quota must be an object such as { pods: 50 }.'],
    ['RestrictedNamespace', 'kube-system', {},
      '[test/kube-system] name "kube-system" is a Kubernetes system namespace (the kube- prefix is reserved); restricting it would break the cluster\'s own pods. Fix: use a namespace of your own, such as "shop".'],
    ['RestrictedNamespace', 'shop', { containerDefaults: '1Gi' }, '[test/shop] containerDefaults must be an object { requests?, limits? }.'],
    ['RestrictedNamespace', 'shop', { overrides: [{ rule: 'no-external-exposure', justification: 'Exposed through the partner load balancer' }] },
      '[test/shop] override for rule "no-external-exposure" is not needed: the quota allows no LoadBalancer or NodePort Service. Fix: remove the override.'],
    ['IsolatedNetwork', 'net', { members: 'web' }, '[test/net] members must be a list of workload names.'],
    ['IsolatedNetwork', 'net', { members: ['web'], clusterCidrs: '10.0.0.0/8' }, '[test/net] clusterCidrs must be a list of CIDRs such as "10.0.0.0/8".'],
    ['IsolatedNetwork', 'net', { members: [{}] },
      '[test/net] a member is neither a workload name nor a workload construct. Fix: pass the construct (e.g. api) or its name (\'api\').'],
    ['IsolatedNetwork', 'net', { members: ['Web'] },
      '[test/net] members[0] "Web" is not a workload name. Fix: use the workload\'s name (its pods\' app.kubernetes.io/name label).'],
  ])('%s %s: %j', (kind, id, props, message) => {
    expect(() => construct(kind, props, id)).toThrow(exactly(message));
  });
});

/** A minimal valid workload. */
const WORKLOAD = { image: PINNED_IMAGE, port: 8080 };

/** One test per case `[kind, what, props, message]`: the props are an error with exactly `message`. */
function testErrors(cases: ReadonlyArray<[Kind, string, Record<string, unknown>, string]>): void {
  test.each(cases)('%s: %s is an error', (kind, _what, props, message) => {
    expect(() => construct(kind, props)).toThrow(exactly(message));
  });
}

describe('labels and annotations', () => {
  testErrors([
    ['HardenedDeployment', 'an overrides annotation written by hand', { ...WORKLOAD, annotations: { 'kubeharden.io/overrides': '[{"rule":"run-as-non-root","justification":"smuggled past the overrides prop"}]' } },
      '[test/c] annotations["kubeharden.io/overrides"] is reserved. Fix: remove it; pass overrides: [{ rule, justification }] instead, which kubeharden validates and writes there.'],
    ['HardenedDeployment', 'an overrides annotation on the pods', { ...WORKLOAD, podAnnotations: { 'kubeharden.io/overrides': '[]' } },
      '[test/c] podAnnotations["kubeharden.io/overrides"] is reserved. Fix: remove it; pass overrides: [{ rule, justification }] instead, which kubeharden validates and writes there.'],
    ['RestrictedNamespace', 'an overrides annotation on a namespace', { annotations: { 'kubeharden.io/overrides': '[]' } },
      '[test/c] annotations["kubeharden.io/overrides"] is reserved. Fix: remove it; pass overrides: [{ rule, justification }] instead, which kubeharden validates and writes there.'],
    ['HardenedDeployment', 'the selector label', { ...WORKLOAD, podLabels: { 'app.kubernetes.io/name': 'other' } },
      '[test/c] podLabels["app.kubernetes.io/name"] is reserved. Fix: remove it; kubeharden sets it to the object\'s name (its pods\' selector); pass name to change it.'],
    ['HardenedDeployment', 'the managed-by label', { ...WORKLOAD, labels: { 'app.kubernetes.io/managed-by': 'helm' } },
      '[test/c] labels["app.kubernetes.io/managed-by"] is reserved. Fix: remove it; kubeharden sets it to "kubeharden".'],
    ['RestrictedNamespace', 'a Pod Security label', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
      '[test/c] labels["pod-security.kubernetes.io/enforce"] is reserved. Fix: remove it; set the enforce, audit, warn and version props, which kubeharden writes there.'],
    ['HardenedDeployment', 'a label key with a space', { ...WORKLOAD, labels: { 'cost center': 'a' } },
      '[test/c] labels key "cost center" is not a valid key. Fix: use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, optionally after a DNS prefix and \'/\' (e.g. "example.com/team").'],
    ['HardenedDeployment', 'a label key with a space, in labels made in another realm (structuredClone under jest)',
      { ...WORKLOAD, labels: structuredClone({ 'cost center': 'a' }) },
      '[test/c] labels key "cost center" is not a valid key. Fix: use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, optionally after a DNS prefix and \'/\' (e.g. "example.com/team").'],
    ['SignedImagePolicy', 'a label key with an invalid prefix', { images: ['registry.example.com/**'], publicKeys: [], labels: { 'Example.com/team': 'a' } },
      '[test/c] labels key "Example.com/team" is not a valid key. Fix: use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, optionally after a DNS prefix and \'/\' (e.g. "example.com/team").'],
    ['HardenedDeployment', 'a label value with a slash', { ...WORKLOAD, podLabels: { team: 'payments/eu' } },
      '[test/c] podLabels["team"] value "payments/eu" is not a valid label value. Fix: use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, or "".'],
    ['HardenedDeployment', 'a node selector key with a space', { ...WORKLOAD, nodeSelector: { 'node pool': 'gpu' } },
      '[test/c] nodeSelector key "node pool" is not a valid key. Fix: use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, optionally after a DNS prefix and \'/\' (e.g. "example.com/team").'],
    ['HardenedDeployment', 'a peer selecting an invalid label value', { ...WORKLOAD, allowIngressFrom: [{ podLabels: { app: 'web front' } }] },
      '[test/c] allowIngressFrom[0].podLabels["app"] value "web front" is not a valid label value. Fix: use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, or "".'],
    ['HardenedDeployment', 'an annotation key too long', { ...WORKLOAD, annotations: { ['a'.repeat(64)]: 'x' } },
      `[test/c] annotations key "${'a'.repeat(64)}" is not a valid key. Fix: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, optionally after a DNS prefix and '/' (e.g. "example.com/team").`],
  ]);

  test('valid keys and values pass, the instance label and an empty value included', () => {
    expect(() => construct('HardenedDeployment', {
      ...WORKLOAD,
      labels: { 'app.kubernetes.io/instance': 'api-eu', 'team': '', 'example.com/tier': 'web_1.a' },
      annotations: { 'example.com/note': 'any text / at all' },
    })).not.toThrow();
  });
});

describe('unknown props', () => {
  testErrors([
    ['HardenedDeployment', 'a misspelt prop', { ...WORKLOAD, replica: 3 }, '[test/c] unknown prop replica. Fix: use replicas, or remove it.'],
    ['HardenedDeployment', 'a prop in the wrong case', { ...WORKLOAD, readOnlyRootFileSystem: false },
      '[test/c] unknown prop readOnlyRootFileSystem. Fix: use readOnlyRootFilesystem, or remove it.'],
    ['HardenedDeployment', 'a prop nothing is close to', { ...WORKLOAD, volumes: [] },
      '[test/c] unknown prop volumes. Fix: remove it; HardenedDeploymentProps in API.md lists the props.'],
    ['HardenedJob', 'a prop of another kind', { image: PINNED_IMAGE, serviceType: 'ClusterIP' },
      '[test/c] unknown prop serviceType. Fix: remove it; HardenedJobProps in API.md lists the props.'],
    ['HardenedCronJob', 'a misspelt schedule', { image: PINNED_IMAGE, schedule: '@daily', shedule: '@hourly' },
      '[test/c] unknown prop shedule. Fix: use schedule, or remove it.'],
    ['HardenedStatefulSet', 'a misspelt storage field', { ...WORKLOAD, storage: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClass: 'fast' }] },
      '[test/c] unknown prop storage[0].storageClass. Fix: use storage[0].storageClassName, or remove it.'],
    ['HardenedDeployment', 'a misspelt port field', { image: PINNED_IMAGE, ports: [{ port: 8080, protocl: 'UDP' }] },
      '[test/c] unknown prop ports[0].protocl. Fix: use ports[0].protocol, or remove it.'],
    ['HardenedDeployment', 'a misspelt sidecar field', { ...WORKLOAD, sidecars: [{ name: 'proxy', image: PINNED_IMAGE, readOnlyRootFs: false }] },
      '[test/c] unknown prop sidecars[0].readOnlyRootFs. Fix: remove it; ContainerProps in API.md lists the props.'],
    ['HardenedDeployment', 'a misspelt peer field', { ...WORKLOAD, allowIngressFrom: [{ workload: 'web', port: [8080] }] },
      '[test/c] unknown prop allowIngressFrom[0].port. Fix: use allowIngressFrom[0].ports, or remove it.'],
    ['HardenedDeployment', 'a misspelt secret mount field', { ...WORKLOAD, secrets: [{ ...kh.SecretMount.fromSecret('db'), mountpath: '/etc/db' }] },
      '[test/c] unknown prop secrets[0].mountpath. Fix: use secrets[0].mountPath, or remove it.'],
    ['HardenedDeployment', 'a field of another kind of secret mount', { ...WORKLOAD, secrets: [{ ...kh.SecretMount.fromVaultAgent({ role: 'api', files: [] }), items: [] }] },
      '[test/c] unknown prop secrets[0].items. Fix: remove it; VaultAgentMount in API.md lists the props.'],
    ['RestrictedNamespace', 'a misspelt namespace prop', { enforced: 'restricted' }, '[test/c] unknown prop enforced. Fix: use enforce, or remove it.'],
    ['RestrictedNamespace', 'a misspelt quota field', { quota: { pod: 10 } }, '[test/c] unknown prop quota.pod. Fix: use quota.pods, or remove it.'],
    ['IsolatedNetwork', 'a misspelt network prop', { members: ['web'], allows: [] }, '[test/c] unknown prop allows. Fix: use allow, or remove it.'],
    ['IsolatedNetwork', 'a misspelt tier field', { tiers: [{ name: 'data', members: ['db'], interal: true }] },
      '[test/c] unknown prop tiers[0].interal. Fix: use tiers[0].internal, or remove it.'],
    ['IsolatedNetwork', 'a misspelt allow field', { members: ['web', 'api'], allow: [{ from: 'web', to: 'api', port: [8080] }] },
      '[test/c] unknown prop allow[0].port. Fix: use allow[0].ports, or remove it.'],
    ['RuntimeMonitoring', 'a misspelt monitoring prop', { falcoNamespaces: 'falco' }, '[test/c] unknown prop falcoNamespaces. Fix: use falcoNamespace, or remove it.'],
    ['SignedImagePolicy', 'a misspelt identity field', {
      images: ['registry.example.com/**'], keyless: [{ issuer: 'https://token.actions.githubusercontent.com', subjct: 'x' }],
    }, '[test/c] unknown prop keyless[0].subjct. Fix: use keyless[0].subject, or remove it.'],
  ]);

  test('AdmissionGuard: a misspelt option is an error', () => {
    const chart = Testing.chart();
    expect(() => new kh.AdmissionGuard(chart, 'c', { guideRule: [] } as never)).toThrow(exactly('[test/c] unknown prop guideRule. Fix: use guideRules, or remove it.'));
  });
});

describe('ports of a pod', () => {
  const base = { image: PINNED_IMAGE };
  test.each<[string, Record<string, unknown>, string]>([
    ['a protocol in lower case', { ports: [{ port: 8080, protocol: 'tcp' }] },
      '[test/c] ports[0].protocol "tcp" is not one of TCP, UDP, SCTP. Fix: use TCP or UDP or SCTP (upper case).'],
    ['two ports on one Service port', { ports: [{ port: 8080, servicePort: 80 }, { port: 8081, servicePort: 80 }] },
      '[test/c] ports[1] is served on Service port 80/TCP, like an earlier port. Fix: give each port its own servicePort.'],
    ['a sidecar on the main container\'s port', { port: 8080, sidecars: [{ name: 'proxy', image: PINNED_IMAGE, port: 8080 }] },
      '[test/c] port 8080/TCP of container "proxy" is already declared by container "c" of the same pod. Fix: listen on another port.'],
    ['a sidecar port named like the main container\'s', { port: 8080, sidecars: [{ name: 'proxy', image: PINNED_IMAGE, ports: [{ port: 9090, name: 'http' }] }] },
      '[test/c] port name "http" of container "proxy" is already declared by container "c" of the same pod. Fix: name the port (ports: [{ port, name }]) uniquely in the pod.'],
  ])('%s is an error', (_what, props, message) => {
    expect(() => construct('HardenedDeployment', { ...base, ...props })).toThrow(exactly(message));
  });

  test('an ingress peer may reach a sidecar\'s port; one naming no ports reaches the main container\'s', () => {
    const chart = Testing.chart();
    new kh.HardenedDeployment(chart, 'api', {
      image: PINNED_IMAGE,
      port: 8080,
      sidecars: [{ name: 'exporter', image: PINNED_IMAGE, ports: [{ port: 9090, name: 'metrics' }] }],
      allowIngressFrom: [{ namespace: 'monitoring', ports: [9090] }, { workload: 'web' }],
    });
    const policy = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy');
    expect(policy.spec.ingress.map((rule: { ports: unknown }) => rule.ports)).toEqual([[{ protocol: 'TCP', port: 9090 }], [{ protocol: 'TCP', port: 8080 }]]);
  });

  test('a sidecar\'s unnamed port is not "http", so it never collides with the main container\'s', () => {
    const chart = Testing.chart();
    new kh.HardenedDeployment(chart, 'c', { image: PINNED_IMAGE, port: 8080, sidecars: [{ name: 'proxy', image: PINNED_IMAGE, port: 9090 }] });
    const pod = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec;
    expect(pod.containers.map((c: any) => c.ports.map((p: any) => p.name))).toEqual([['http'], ['port-9090']]);
  });

  test('a plain init container may use the port a later container listens on (they never run at once)', () => {
    expect(() => construct('HardenedDeployment', { ...base, port: 8080, initContainers: [{ name: 'warmup', image: PINNED_IMAGE, port: 8080 }] })).not.toThrow();
  });
});

describe('resources', () => {
  test.each<[Kind, Record<string, unknown>, string]>([
    ['HardenedDeployment', { image: PINNED_IMAGE, port: 8080, resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } },
      '[test/c] resources.requests.memory "1Gi" is above resources.limits.memory "512Mi", which the API server rejects. Fix: request at most the limit, or raise the limit.'],
    ['HardenedDeployment', { image: PINNED_IMAGE, port: 8080, resources: { limits: { gpu: '1' } } },
      '[test/c] resources.limits names resource "gpu", which Kubernetes does not know. Fix: use cpu, memory, ephemeral-storage or hugepages-<size>, or an extended resource with its domain (e.g. "nvidia.com/gpu").'],
    ['RestrictedNamespace', { containerDefaults: { requests: { cpu: '2' }, limits: { cpu: '1' } } },
      '[test/c] containerDefaults.requests.cpu "2" is above containerDefaults.limits.cpu "1", which the API server rejects. Fix: request at most the limit, or raise the limit.'],
    ['RestrictedNamespace', { containerDefaults: { requests: { memory: 'lots' } } },
      '[test/c] containerDefaults.requests.memory "lots" is not a Kubernetes quantity. Fix: use values like "250m", "1", "512Mi".'],
  ])('%s: %j is an error', (kind, props, message) => {
    expect(() => construct(kind, props)).toThrow(exactly(message));
  });

  test('a limit of 0, which Kubernetes reads as no limit, is refused unless justified (rule resource-limits)', () => {
    const finding = (kind: string) => `resource-limits: Deployment/c container "c" sets ${kind}.cpu to "0", which ${kind === 'limits' ? 'limits' : 'reserves'} nothing `
      + `(at /spec/template/spec/containers/0/resources/${kind}/cpu). Fix: Set resources.requests and resources.limits for cpu and memory (the guide: requests `
      + '250m/128Mi, limits 1/512Mi). Or, to accept the risk, add an override { rule: \'resource-limits\', justification: \'<why, at least 20 characters>\' }.';
    expect(() => construct('HardenedDeployment', { image: PINNED_IMAGE, port: 8080, resources: { limits: { cpu: '0' } } }))
      .toThrow(exactly(`[test/c] \n  - ${finding('requests')}\n  - ${finding('limits')}`));
  });

  test('extended and huge-page resources pass', () => {
    expect(() => construct('HardenedDeployment', {
      image: PINNED_IMAGE, port: 8080, resources: { limits: { 'nvidia.com/gpu': '1', 'hugepages-2Mi': '64Mi' }, requests: { 'hugepages-2Mi': '64Mi' } },
    })).not.toThrow();
  });

  test('a namespace\'s default limit is raised to a larger default request, a default request lowered to a smaller limit', () => {
    const chart = Testing.chart();
    new kh.RestrictedNamespace(chart, 'shop', { containerDefaults: { requests: { memory: '1Gi' }, limits: { cpu: '100m' } } });
    const limitRange = Testing.synth(chart).find((o) => o.kind === 'LimitRange');
    expect(limitRange.spec.limits[0].default).toMatchObject({ memory: '1Gi', cpu: '100m' });
    expect(limitRange.spec.limits[0].defaultRequest).toMatchObject({ memory: '1Gi', cpu: '100m' });
  });
});

test('an image that is not a string says so, not that it is missing', () => {
  expect(() => construct('HardenedDeployment', { image: 42, port: 8080 })).toThrow(exactly(
    '[test/c] image 42 is not a string. Fix: set image to a digest-pinned reference such as registry.example.com/app@sha256:<digest>.'));
});

describe('values the API server would reject', () => {
  testErrors([
    ['HardenedDeployment', 'a ServiceAccount name with capitals', { ...WORKLOAD, serviceAccountName: 'Bad_SA' },
      '[test/c] serviceAccountName "Bad_SA" is not a valid ServiceAccount name. Fix: use lower-case letters, digits, \'-\' and \'.\' (e.g. "api").'],
    ['HardenedDeployment', 'a negative probe period', { ...WORKLOAD, readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: -5 } },
      '[test/c] readinessProbe.periodSeconds -5 is invalid. Fix: use a whole number, 1 or more.'],
    ['HardenedDeployment', 'a liveness probe needing two successes', { ...WORKLOAD, livenessProbe: { tcpSocket: { port: 'http' }, successThreshold: 2 } },
      '[test/c] livenessProbe.successThreshold 2 is invalid: Kubernetes requires 1 for liveness and startup probes. Fix: remove it.'],
    ['HardenedDeployment', 'a probe of port 0', { ...WORKLOAD, startupProbe: { tcpSocket: { port: 0 } } },
      '[test/c] startupProbe checks port 0, which is not a port number. Fix: use an integer from 1 to 65535, or a declared port\'s name.'],
    ['HardenedDeployment', 'a probe handler that is not an object', { ...WORKLOAD, readinessProbe: { httpGet: '/healthz' } },
      '[test/c] readinessProbe.httpGet "/healthz" is not an object. Fix: use { path: "/healthz", port: "http" }.'],
    ['HardenedDeployment', 'an HTTP probe without a port', { ...WORKLOAD, readinessProbe: { httpGet: { path: '/healthz' } } },
      '[test/c] readinessProbe.httpGet.port is missing: Kubernetes requires a port number or a declared port\'s name. Fix: use { path: "/healthz", port: "http" }.'],
    ['HardenedDeployment', 'an exec probe without a command', { ...WORKLOAD, livenessProbe: { exec: { command: [] } } },
      '[test/c] livenessProbe.exec.command [] is not a non-empty list of strings. Fix: use { command: ["/bin/healthcheck"] }.'],
    ['HardenedDeployment', 'a gRPC probe of a named port', { ...WORKLOAD, startupProbe: { grpc: { port: 'http' } } },
      '[test/c] startupProbe.grpc.port "http" is not a port number. Fix: use { port: 9090 }.'],
    ['HardenedDeployment', 'an HTTP probe scheme in lower case', { ...WORKLOAD, readinessProbe: { httpGet: { port: 'http', scheme: 'https' } } },
      '[test/c] readinessProbe.httpGet.scheme "https" is not one of HTTP, HTTPS. Fix: use HTTP or HTTPS.'],
    ['HardenedDeployment', 'an HTTP probe path that is not a string', { ...WORKLOAD, readinessProbe: { httpGet: { port: 'http', path: 42 } } },
      '[test/c] readinessProbe.httpGet.path 42 is not a string. Fix: use "/healthz".'],
    ['HardenedDeployment', 'a misspelt probe timing', { ...WORKLOAD, readinessProbe: { tcpSocket: { port: 'http' }, intialDelaySeconds: 5 } },
      '[test/c] unknown prop readinessProbe.intialDelaySeconds. Fix: use readinessProbe.initialDelaySeconds, or remove it.'],
    ['HardenedDeployment', 'a misspelt probe handler field', { ...WORKLOAD, readinessProbe: { httpGet: { port: 'http', paht: '/ready' } } },
      '[test/c] unknown prop readinessProbe.httpGet.paht. Fix: use readinessProbe.httpGet.path, or remove it.'],
    ['HardenedDeployment', 'an unknown probe handler field', { ...WORKLOAD, readinessProbe: { tcpSocket: { port: 'http', timeoutMillis: 5 } } },
      '[test/c] unknown prop readinessProbe.tcpSocket.timeoutMillis. Fix: remove it; Kubernetes\' TCPSocketAction has port, host.'],
    ['HardenedDeployment', 'ports that are not a list', { image: PINNED_IMAGE, ports: 8080 },
      '[test/c] ports 8080 is not a list. Fix: use [{ port: 8080 }].'],
    ['HardenedDaemonSet', 'a maxUnavailable beyond an int32', { image: PINNED_IMAGE, maxUnavailable: 2 ** 31 },
      '[test/c] maxUnavailable 2147483648 is invalid. Fix: use a whole number of pods, 1 or more.'],
    ['HardenedCronJob', 'a history limit beyond an int32', { image: PINNED_IMAGE, schedule: '0 3 * * *', successfulJobsHistoryLimit: 2 ** 31 },
      '[test/c] successfulJobsHistoryLimit 2147483648 is invalid. Fix: use a whole number, 0 or more.'],
    ['HardenedCronJob', 'a starting deadline beyond the exact integers', { image: PINNED_IMAGE, schedule: '0 3 * * *', startingDeadlineSeconds: 2 ** 53 },
      '[test/c] startingDeadlineSeconds 9007199254740992 is invalid. Fix: use a whole number, 0 or more.'],
    ['HardenedDeployment', 'a grace period beyond the exact integers', { ...WORKLOAD, terminationGracePeriodSeconds: 2 ** 53 },
      '[test/c] terminationGracePeriodSeconds 9007199254740992 is not a whole number, 0 or more. Fix: use a whole number such as 30.'],
    ['RestrictedNamespace', 'a pod quota beyond the exact integers', { quota: { pods: 2 ** 53 } },
      '[test/c] quota.pods 9007199254740992 is not a count. Fix: use a whole number, 0 or more.'],
    ['HardenedDeployment', 'more replicas than an int32 holds', { ...WORKLOAD, replicas: 2 ** 31 },
      '[test/c] replicas 2147483648 is invalid. Fix: use a whole number of pods, 0 or more.'],
    ['HardenedDeployment', 'a probe period beyond an int32', { ...WORKLOAD, readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 1e300 } },
      '[test/c] readinessProbe.periodSeconds 1e+300 is invalid. Fix: use a whole number, 1 or more.'],
    ['HardenedDeployment', 'the root as a writable path', { ...WORKLOAD, writablePaths: ['/'] },
      '[test/c] writablePaths entry "/" would make the whole root filesystem writable. Fix: list the directories the process writes, such as "/tmp".'],
    ['HardenedDeployment', 'one path written two ways', { ...WORKLOAD, writablePaths: ['/tmp', '/tmp/'] },
      '[test/c] writablePaths lists /tmp twice. Fix: list each path once.'],
    ['HardenedDeployment', 'the root written as /.', { ...WORKLOAD, writablePaths: ['/.'] },
      '[test/c] writablePaths entry "/." would make the whole root filesystem writable. Fix: list the directories the process writes, such as "/tmp".'],
    ['HardenedDeployment', 'one path written with .', { ...WORKLOAD, writablePaths: ['/tmp', '//tmp/.'] },
      '[test/c] writablePaths lists /tmp twice. Fix: list each path once.'],
    ['HardenedDeployment', 'a localhost profile with another seccomp type', { ...WORKLOAD, seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'x.json' } },
      '[test/c] seccompProfile.localhostProfile is set with type RuntimeDefault, which the API server refuses. Fix: remove localhostProfile, or use type Localhost.'],
    ['HardenedDeployment', 'an unknown seccomp field', { ...WORKLOAD, seccompProfile: { type: 'RuntimeDefault', foo: 1 } },
      '[test/c] unknown prop seccompProfile.foo. Fix: remove it; Kubernetes\' SeccompProfile has type, localhostProfile.'],
    ['HardenedDaemonSet', 'a toleration operator in lower case', { image: PINNED_IMAGE, tolerations: [{ key: 'a', operator: 'exists' }] },
      '[test/c] tolerations[0].operator "exists" is invalid. Fix: use Equal or Exists (capitalised).'],
    ['HardenedDaemonSet', 'a toleration with Exists and a value', { image: PINNED_IMAGE, tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }] },
      '[test/c] tolerations[0] has operator Exists and a value. Fix: remove value, or use operator Equal.'],
    ['HardenedDaemonSet', 'a toleration without a key', { image: PINNED_IMAGE, tolerations: [{ effect: 'NoSchedule' }] },
      '[test/c] tolerations[0] has no key, which only operator Exists allows (tolerating every taint). Fix: set key, or operator: \'Exists\'.'],
    ['HardenedDaemonSet', 'an unknown taint effect', { image: PINNED_IMAGE, tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoRun' }] },
      '[test/c] tolerations[0].effect "NoRun" is invalid. Fix: use NoSchedule, PreferNoSchedule, NoExecute, or leave it out for all.'],
    ['HardenedDaemonSet', 'toleration seconds without NoExecute', { image: PINNED_IMAGE, tolerations: [{ key: 'a', operator: 'Exists', tolerationSeconds: 60 }] },
      '[test/c] tolerations[0].tolerationSeconds only applies to effect NoExecute. Fix: set effect: \'NoExecute\', or remove tolerationSeconds.'],
    ['HardenedDaemonSet', 'a misspelt toleration field', { image: PINNED_IMAGE, tolerations: [{ key: 'a', operater: 'Exists' }] },
      '[test/c] unknown prop tolerations[0].operater. Fix: use tolerations[0].operator, or remove it.'],
    ['HardenedDaemonSet', 'a toleration value with a space', { image: PINNED_IMAGE, tolerations: [{ key: 'a', value: 'a b', effect: 'NoSchedule' }] },
      '[test/c] tolerations[0].value "a b" is not a taint value. Fix: use at most 63 letters, digits, \'-\', \'_\' and \'.\', such as "gpu".'],
    ['HardenedDaemonSet', 'toleration seconds as a string', { image: PINNED_IMAGE, tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: '5' }] },
      '[test/c] tolerations[0].tolerationSeconds "5" is not a whole number of seconds. Fix: use a number such as 300.'],
    ['HardenedDaemonSet', 'a privileged container that may not escalate', { image: PINNED_IMAGE, privileged: true },
      '[test/c] privileged is true, which always allows privilege escalation: the API server refuses it with allowPrivilegeEscalation false (the default). '
      + 'Fix: also set allowPrivilegeEscalation: true; each weakening needs a justified override (rules no-privileged and no-privilege-escalation).'],
    ['HardenedDeployment', 'CAP_SYS_ADMIN without privilege escalation', { ...WORKLOAD, addCapabilities: ['CAP_SYS_ADMIN'], allowPrivilegeEscalation: false },
      '[test/c] addCapabilities includes CAP_SYS_ADMIN, which always allows privilege escalation: the API server refuses it with allowPrivilegeEscalation false (the default). '
      + 'Fix: also set allowPrivilegeEscalation: true; each weakening needs a justified override (rules drop-all-capabilities and no-privilege-escalation).'],
    ['HardenedDeployment', 'an ingress to a port no container listens on', {
      ...WORKLOAD,
      sidecars: [{ name: 'exporter', image: PINNED_IMAGE, ports: [{ port: 9090, name: 'metrics' }] }],
      allowIngressFrom: [{ namespace: 'monitoring', ports: [9100] }],
    }, '[test/c] allowIngressFrom[0].ports includes 9100/TCP, which the workload does not listen on. Fix: use one of 8080/TCP, 9090/TCP.'],
    ['HardenedDeployment', 'an ingress to a TCP port over UDP', { ...WORKLOAD, allowIngressFrom: [{ namespace: 'monitoring', ports: [8080], protocol: 'UDP' }] },
      '[test/c] allowIngressFrom[0].ports includes 8080/UDP, which the workload does not listen on. Fix: use one of 8080/TCP.'],
    ['HardenedDeployment', 'a negative cpu limit', { ...WORKLOAD, resources: { limits: { cpu: '-1' } } },
      '[test/c] resources.limits.cpu "-1" is negative, which the API server rejects. Fix: use values like "250m", "1", "512Mi".'],
    ['HardenedDeployment', 'a negative tmpfs size', { ...WORKLOAD, tmpfsSizeLimit: '-64Mi' },
      '[test/c] tmpfsSizeLimit "-64Mi" is not above 0: a memory emptyDir without a size can fill the node\'s memory. Fix: use a size such as "64Mi".'],
    ['HardenedDeployment', 'a tmpfs of size 0 (no limit)', { ...WORKLOAD, tmpfsSizeLimit: '0' },
      '[test/c] tmpfsSizeLimit "0" is not above 0: a memory emptyDir without a size can fill the node\'s memory. Fix: use a size such as "64Mi".'],
    ['HardenedStatefulSet', 'a volume of size 0', { image: PINNED_IMAGE, storage: [{ name: 'data', mountPath: '/data', size: '0' }] },
      '[test/c] storage[0].size "0" is not above 0, which the API server rejects. Fix: use a size such as "10Gi".'],
    ['HardenedStatefulSet', 'a storage class with a space', { image: PINNED_IMAGE, storage: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClassName: 'Fast SSD' }] },
      '[test/c] storage[0].storageClassName "Fast SSD" is not a StorageClass name. Fix: use lower-case letters, digits, \'-\' and \'.\', such as "fast-ssd".'],
    ['HardenedStatefulSet', 'access modes as a string', { image: PINNED_IMAGE, storage: [{ name: 'data', mountPath: '/data', size: '1Gi', accessModes: 'ReadWriteOnce' }] },
      '[test/c] storage[0].accessModes "ReadWriteOnce" is invalid. Fix: use ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany.'],
    ['RestrictedNamespace', 'a negative quota', { quota: { requestsCpu: '-4' } },
      '[test/c] quota.requestsCpu "-4" is negative, which the API server rejects. Fix: use values like "8", "500m", "16Gi".'],
    ['RestrictedNamespace', 'a default limit of 0 (no limit)', { containerDefaults: { limits: { cpu: '0', memory: '512Mi' } } },
      '[test/c] containerDefaults.limits.cpu "0" limits nothing: containers that set no limit would run without one (rule resource-limits). Fix: use a limit above 0, such as "1" or "512Mi".'],
  ]);

  test('a trailing slash names the same directory: it is mounted once, without the slash', () => {
    const chart = Testing.chart();
    new kh.HardenedDeployment(chart, 'c', { image: PINNED_IMAGE, port: 8080, writablePaths: ['/var/cache/app/'] });
    const container = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
    expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/var/cache/app']);
  });

  test('valid tolerations pass: every taint, and a NoExecute one for a while', () => {
    expect(() => construct('HardenedDaemonSet', {
      image: PINNED_IMAGE, tolerations: [{ operator: 'Exists' }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    })).not.toThrow();
  });
});
