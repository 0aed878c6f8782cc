'use strict';
/**
 * Generates the audit corpus: a multi-document YAML stream of Kubernetes objects, deterministic for a given
 * size. Each namespace starts with its Namespace (restricted Pod Security labels) and a default-deny
 * NetworkPolicy; then workloads follow in a fixed cycle of Deployments, StatefulSets, CronJobs and Pods
 * with their Services and NetworkPolicies, half hardened and half not (the `hardened` mix keeps only the
 * hardened half, so findings are few).
 */

/** Namespaces the workloads are spread over: few, so NetworkPolicy matching per namespace is exercised. */
const NAMESPACES = 20;

const DIGEST = 'sha256:' + '0123456789abcdef'.repeat(4);

function namespace(ns) {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.30
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/audit-version: v1.30
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: v1.30
`;
}

function defaultDeny(ns) {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
}

/** A hardened pod spec, indented by `pad`. */
function hardenedPodSpec(name, pad) {
  return `automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: 65532
  runAsGroup: 65532
  fsGroup: 65532
  seccompProfile:
    type: RuntimeDefault
containers:
  - name: ${name}
    image: registry.example.com/team/${name}:1.0.0@${DIGEST}
    ports:
      - name: http
        containerPort: 8080
    env:
      - name: LOG_LEVEL
        value: info
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      runAsNonRoot: true
      capabilities:
        drop: ["ALL"]
    resources:
      requests: { cpu: 250m, memory: 128Mi }
      limits: { cpu: "1", memory: 512Mi }
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir:
      medium: Memory
      sizeLimit: 64Mi
`.replace(/^(?=.)/gm, pad);
}

/** A pod spec as written without any hardening, indented by `pad`. */
function plainPodSpec(name, pad) {
  return `containers:
  - name: ${name}
    image: nginx:1.25
    ports:
      - containerPort: 80
        hostPort: 8080
    env:
      - name: DB_PASSWORD
        value: hunter2hunter2
    securityContext:
      privileged: ${name.endsWith('0') ? 'true' : 'false'}
hostNetwork: ${name.endsWith('5') ? 'true' : 'false'}
`.replace(/^(?=.)/gm, pad);
}

function podSpecOf(hardened, name, pad) {
  return hardened ? hardenedPodSpec(name, pad) : plainPodSpec(name, pad);
}

function meta(name, ns, kind) {
  return `apiVersion: ${kind === 'Pod' || kind === 'Service' ? 'v1' : kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
`;
}

const WORKLOADS = {
  Deployment: (hardened, name, ns) => `${meta(name, ns, 'Deployment')}spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
${podSpecOf(hardened, name, '      ')}`,
  StatefulSet: (hardened, name, ns) => `${meta(name, ns, 'StatefulSet')}spec:
  serviceName: ${name}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
${podSpecOf(hardened, name, '      ')}`,
  CronJob: (hardened, name, ns) => `${meta(name, ns, 'CronJob')}spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            app.kubernetes.io/name: ${name}
        spec:
          restartPolicy: OnFailure
${podSpecOf(hardened, name, '          ')}`,
  Pod: (hardened, name, ns) => `${meta(name, ns, 'Pod')}spec:
${podSpecOf(hardened, name, '  ')}`,
};

function service(hardened, name, ns) {
  return `${meta(name, ns, 'Service')}spec:
  type: ${hardened ? 'ClusterIP' : 'NodePort'}
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: ${hardened ? 'http' : 80}
`;
}

function networkPolicy(hardened, name, ns) {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  policyTypes: ${hardened ? '[Ingress, Egress]' : '[Ingress]'}
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: gateway
      ports:
        - protocol: TCP
          port: 8080
`;
}

/** The objects of one cycle for workload number `i`: [kind, render] pairs. */
function cycle(hardened) {
  return [
    ['Deployment', WORKLOADS.Deployment],
    ['Service', service],
    ['NetworkPolicy', networkPolicy],
    ['StatefulSet', WORKLOADS.StatefulSet],
    ['CronJob', WORKLOADS.CronJob],
    ['Pod', WORKLOADS.Pod],
  ].map(([kind, render]) => [kind, (name, ns) => render(hardened, name, ns)]);
}

const HARDENED = cycle(true);
const PLAIN = cycle(false);

/**
 * Yields the documents of a corpus of `size` objects, each a YAML string without the `---` separator.
 * `mix` is `mixed` (half hardened, half not) or `hardened`.
 */
function* corpusDocuments(size, mix = 'mixed') {
  const namespaces = Array.from({ length: Math.min(NAMESPACES, Math.max(1, Math.floor(size / 50))) }, (_, i) => `team-${i}`);
  let count = 0;
  for (const ns of namespaces) {
    if (count + 2 > size) break;
    yield namespace(ns);
    yield defaultDeny(ns);
    count += 2;
  }
  const pattern = mix === 'hardened' ? HARDENED : [...HARDENED, ...PLAIN];
  for (let i = 0; count < size; i++) {
    const [kind, render] = pattern[i % pattern.length];
    const ns = namespaces[Math.floor(i / pattern.length) % namespaces.length];
    yield render(`${kind.toLowerCase()}-${Math.floor(i / pattern.length)}`, ns);
    count++;
  }
}

/** Writes a corpus of `size` objects to `file`, streaming, and returns its size in bytes. */
function writeCorpus(file, size, mix = 'mixed') {
  const fs = require('fs');
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let batch = '';
  for (const doc of corpusDocuments(size, mix)) {
    batch += `---\n${doc}`;
    if (batch.length > 1 << 20) {
      bytes += fs.writeSync(fd, batch);
      batch = '';
    }
  }
  bytes += fs.writeSync(fd, batch);
  fs.closeSync(fd);
  return bytes;
}

module.exports = { corpusDocuments, writeCorpus };
