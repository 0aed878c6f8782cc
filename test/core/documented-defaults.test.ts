/**
 * Every literal `@default` documented on the builders' props (the TSDoc that API.md shows) is what the constructs
 * emit when the prop is left out. The documented values are read from the source, so a default changed in the code
 * but not in its documentation (or the other way round) fails here.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { runInNewContext } from 'vm';
import { Chart, Testing } from 'cdk8s';
import * as ts from 'typescript';
import {
  HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet, RestrictedNamespace,
} from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';

const BUILD_DIR = join(__dirname, '..', '..', 'src', 'core', 'build');

/** `Interface.property` → the text of its `@default` tag, for every props interface of the builders. */
function documentedDefaults(): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const file of readdirSync(BUILD_DIR).filter((f) => f.endsWith('.ts'))) {
    const source = ts.createSourceFile(file, readFileSync(join(BUILD_DIR, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      for (const member of node.members) {
        for (const tag of ts.getJSDocTags(member).filter((t) => t.tagName.text === 'default')) {
          defaults.set(`${node.name.text}.${member.name!.getText(source)}`, ts.getTextOfJSDocComment(tag.comment) ?? '');
        }
      }
    });
  }
  return defaults;
}

type Manifest = any[];
const synth = (build: (chart: Chart) => void): Manifest => {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
};
const ofKind = (manifest: Manifest, kind: string) => manifest.find((o) => o.kind === kind);

const deployment = synth((c) => new HardenedDeployment(c, 'api', { image: PINNED_IMAGE, port: 8080 }));
const deploymentPod = ofKind(deployment, 'Deployment').spec.template.spec;
const main = deploymentPod.containers[0];
const statefulSet = synth((c) => new HardenedStatefulSet(c, 'db', {
  image: PINNED_IMAGE, port: 5432, storage: [{ name: 'data', mountPath: '/data', size: '1Gi' }],
}));
const statefulSetWithoutStorage = synth((c) => new HardenedStatefulSet(c, 'cache', { image: PINNED_IMAGE, port: 6379 }));
const daemonSet = synth((c) => new HardenedDaemonSet(c, 'agent', { image: PINNED_IMAGE, port: 9100 }));
const job = synth((c) => new HardenedJob(c, 'migrate', { image: PINNED_IMAGE }));
const cronJob = synth((c) => new HardenedCronJob(c, 'report', { image: PINNED_IMAGE, schedule: '0 3 * * *' }));
const namespace = synth((c) => new RestrictedNamespace(c, 'shop'));
const quota = ofKind(namespace, 'ResourceQuota').spec.hard;
const namespaceLabels = ofKind(namespace, 'Namespace').metadata.labels;

/** Kubernetes' own value for a field the constructs leave out when it equals the default. */
const unsetMeans = <T>(value: T | undefined, kubernetesDefault: T): T => (value === undefined ? kubernetesDefault : value);

/** What the minimal constructs emit for each documented default, by `Interface.property`. */
const EMITTED: Readonly<Record<string, () => unknown>> = {
  'ContainerPortProps.protocol': () => main.ports[0].protocol,
  'ContainerProps.readOnlyRootFilesystem': () => main.securityContext.readOnlyRootFilesystem,
  'ContainerProps.writablePaths': () => main.volumeMounts.map((m: any) => m.mountPath),
  'ContainerProps.tmpfsSizeLimit': () => deploymentPod.volumes[0].emptyDir.sizeLimit,
  'ContainerProps.addCapabilities': () => main.securityContext.capabilities.add ?? [],
  'ContainerProps.allowPrivilegeEscalation': () => main.securityContext.allowPrivilegeEscalation,
  'ContainerProps.privileged': () => unsetMeans(main.securityContext.privileged, false),
  'ContainerProps.imagePullPolicy': () => main.imagePullPolicy,
  'PodProps.runAsUser': () => deploymentPod.securityContext.runAsUser,
  'PodProps.runAsGroup': () => deploymentPod.securityContext.runAsGroup,
  'PodProps.fsGroup': () => deploymentPod.securityContext.fsGroup,
  'PodProps.runAsNonRoot': () => deploymentPod.securityContext.runAsNonRoot,
  'PodProps.seccompProfile': () => deploymentPod.securityContext.seccompProfile,
  'PodProps.hostNetwork': () => unsetMeans(deploymentPod.hostNetwork, false),
  'PodProps.hostPID': () => unsetMeans(deploymentPod.hostPID, false),
  'PodProps.hostIPC': () => unsetMeans(deploymentPod.hostIPC, false),
  'PodProps.automountServiceAccountToken': () => deploymentPod.automountServiceAccountToken,
  'PodProps.initContainers': () => deploymentPod.initContainers ?? [],
  'PodProps.sidecars': () => deploymentPod.containers.slice(1),
  'PodProps.secrets': () => deploymentPod.volumes.filter((v: any) => v.secret || v.csi || v.projected),
  'PodProps.terminationGracePeriodSeconds': () => unsetMeans(deploymentPod.terminationGracePeriodSeconds, 30),
  'HardenedDeploymentProps.replicas': () => ofKind(deployment, 'Deployment').spec.replicas,
  'HardenedStatefulSetProps.replicas': () => ofKind(statefulSet, 'StatefulSet').spec.replicas,
  'HardenedStatefulSetProps.podManagementPolicy': () => unsetMeans(ofKind(statefulSet, 'StatefulSet').spec.podManagementPolicy, 'OrderedReady'),
  'HardenedStatefulSetProps.storage': () => ofKind(statefulSetWithoutStorage, 'StatefulSet').spec.volumeClaimTemplates ?? [],
  'PersistentStorage.accessModes': () => ofKind(statefulSet, 'StatefulSet').spec.volumeClaimTemplates[0].spec.accessModes,
  'HardenedDaemonSetProps.service': () => ofKind(daemonSet, 'Service') !== undefined,
  'HardenedDaemonSetProps.maxUnavailable': () => ofKind(daemonSet, 'DaemonSet').spec.updateStrategy.rollingUpdate.maxUnavailable,
  'JobRunProps.restartPolicy': () => ofKind(job, 'Job').spec.template.spec.restartPolicy,
  'JobRunProps.backoffLimit': () => ofKind(job, 'Job').spec.backoffLimit,
  'JobRunProps.activeDeadlineSeconds': () => ofKind(job, 'Job').spec.activeDeadlineSeconds,
  'JobRunProps.ttlSecondsAfterFinished': () => ofKind(job, 'Job').spec.ttlSecondsAfterFinished,
  'HardenedCronJobProps.concurrencyPolicy': () => ofKind(cronJob, 'CronJob').spec.concurrencyPolicy,
  'HardenedCronJobProps.startingDeadlineSeconds': () => ofKind(cronJob, 'CronJob').spec.startingDeadlineSeconds,
  'HardenedCronJobProps.successfulJobsHistoryLimit': () => ofKind(cronJob, 'CronJob').spec.successfulJobsHistoryLimit,
  'HardenedCronJobProps.failedJobsHistoryLimit': () => ofKind(cronJob, 'CronJob').spec.failedJobsHistoryLimit,
  'HardenedCronJobProps.suspend': () => unsetMeans(ofKind(cronJob, 'CronJob').spec.suspend, false),
  'NamespaceQuota.requestsCpu': () => quota['requests.cpu'],
  'NamespaceQuota.requestsMemory': () => quota['requests.memory'],
  'NamespaceQuota.limitsCpu': () => quota['limits.cpu'],
  'NamespaceQuota.limitsMemory': () => quota['limits.memory'],
  'NamespaceQuota.pods': () => Number(quota.pods),
  'NamespaceQuota.loadBalancers': () => Number(quota['services.loadbalancers']),
  'NamespaceQuota.nodePorts': () => Number(quota['services.nodeports']),
  'RestrictedNamespaceProps.enforce': () => namespaceLabels['pod-security.kubernetes.io/enforce'],
  'RestrictedNamespaceProps.audit': () => namespaceLabels['pod-security.kubernetes.io/audit'],
  'RestrictedNamespaceProps.warn': () => namespaceLabels['pod-security.kubernetes.io/warn'],
  'RestrictedNamespaceProps.version': () => namespaceLabels['pod-security.kubernetes.io/enforce-version'],
  'RestrictedNamespaceProps.overrides': () => JSON.parse(ofKind(namespace, 'Namespace').metadata.annotations?.['kubeharden.io/overrides'] ?? '[]'),
};

/** A `@default` that is a JavaScript literal (`300`, `'Forbid'`, `['/tmp']`, `{ type: 'RuntimeDefault' }`), evaluated. */
function literal(text: string): { value: unknown } | undefined {
  if (text.startsWith('-') || text.includes('`')) return undefined;
  try {
    return { value: runInNewContext(`(${text})`, {}) };
  } catch {
    return undefined;
  }
}

describe('documented defaults', () => {
  const documented = documentedDefaults();

  test.each(Object.keys(EMITTED))('%s: the documented @default is what is emitted', (key) => {
    const text = documented.get(key);
    expect(text).toBeDefined();
    const parsed = literal(text!);
    expect(parsed).toBeDefined();
    // Values from another realm (vm) compare by structure: JSON round-trips both sides.
    expect(JSON.parse(JSON.stringify(EMITTED[key]()))).toEqual(JSON.parse(JSON.stringify(parsed!.value)));
  });

  test('every literal @default of a workload or namespace prop is checked above', () => {
    const checkedInterfaces = new Set(Object.keys(EMITTED).map((key) => key.split('.')[0]));
    const unchecked = [...documented]
      .filter(([key, text]) => checkedInterfaces.has(key.split('.')[0]) && literal(text) !== undefined && !(key in EMITTED))
      .map(([key]) => key);
    expect(unchecked).toEqual([]);
  });
});
