import { Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedDaemonSet } from '../../src/cdk8s';
import type { HardenedDaemonSetProps } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

function synth(props: Partial<HardenedDaemonSetProps> = {}): any[] {
  const chart = Testing.chart();
  new HardenedDaemonSet(chart, 'node-agent', { image: PINNED_IMAGE, port: 9100, ...props });
  return Testing.synth(chart);
}
const kindOf = (manifest: any[], kind: string) => manifest.find((o) => o.kind === kind);

describe('HardenedDaemonSet, defaults', () => {
  const manifest = synth();
  const daemonSet = kindOf(manifest, 'DaemonSet');
  const pod = daemonSet.spec.template.spec;

  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('emits a ServiceAccount, DaemonSet and NetworkPolicy, and no Service', () => {
    expect(manifest.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/node-agent', 'DaemonSet/node-agent', 'NetworkPolicy/node-agent']);
  });

  test('rolls one node at a time', () => {
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('has the hardened pod and no host access', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.hostPID).toBeUndefined();
    expect(JSON.stringify(pod.volumes)).not.toContain('hostPath');
  });

  test('selects its pods in its own NetworkPolicy', () => {
    expect(kindOf(manifest, 'NetworkPolicy').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'node-agent' } });
  });

  test('audits clean and is schema-valid', () => {
    expect(audit(manifest).findings).toEqual([]);
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('HardenedDaemonSet, options', () => {
  test('a Service on request, tolerations, sidecars and init containers', () => {
    const manifest = synth({
      service: true,
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      initContainers: [{ name: 'setup', image: PINNED_IMAGE }],
      sidecars: [{ name: 'shipper', image: PINNED_IMAGE }],
    });
    expect(kindOf(manifest, 'Service').spec.type).toBe('ClusterIP');
    const pod = kindOf(manifest, 'DaemonSet').spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['setup']);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['node-agent', 'shipper']);
    expect(audit(manifest).findings).toEqual([]);
  });

  test('host paths and host namespaces need justified overrides, which are recorded', () => {
    const justification = 'Node exporter reads host network statistics, approved in SEC-9';
    const manifest = synth({ hostPID: true, port: undefined, overrides: [{ rule: 'no-host-namespaces', justification }] });
    expect(kindOf(manifest, 'DaemonSet').spec.template.spec.hostPID).toBe(true);
    expect(audit(manifest).exemptions.map((e) => e.rule)).toContain('no-host-namespaces');
    expect(() => synth({ hostNetwork: true })).toThrow(/^\[test\/node-agent\] (.|\n)*no-host-namespaces: DaemonSet\/node-agent/);
  });

  test('on the node\'s network each port is a host port, as the API server makes it, and needs its own override', () => {
    const justification = 'Node exporter reads host network statistics, approved in SEC-9';
    const overrides = [{ rule: 'no-host-namespaces', justification }, { rule: 'no-host-ports', justification }];
    const manifest = synth({ hostNetwork: true, overrides });
    expect(kindOf(manifest, 'DaemonSet').spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 9100, protocol: 'TCP', hostPort: 9100 }]);
    expect(audit(manifest).exemptions.map((e) => e.rule).sort()).toEqual(['no-host-namespaces', 'no-host-ports']);
    expect(() => synth({ hostNetwork: true, overrides: overrides.slice(0, 1) })).toThrow(/^\[test\/node-agent\] no-host-ports: DaemonSet\/node-agent /);
    expect(() => synth({ hostNetwork: true, port: undefined, ports: [{ port: 9100, hostPort: 19100 }], overrides })).toThrow(exactly(
      '[test/node-agent] port 9100 of container "node-agent" has hostPort 19100, but on the node\'s network (hostNetwork) the API server requires the two to be equal. '
      + 'Fix: remove hostPort.'));
  });
});

describe('HardenedDaemonSet, bad props', () => {
  test.each([
    [{ serviceType: 'ClusterIP' }, '[test/node-agent] serviceType is set but service is not. Fix: set service: true, or remove serviceType.'],
    [{ service: true, port: undefined }, '[test/node-agent] service is true but the container has no port. Fix: declare port or ports, or remove service.'],
    [{ maxUnavailable: 0 }, '[test/node-agent] maxUnavailable 0 is invalid. Fix: use a whole number of pods, 1 or more.'],
    [{ tolerations: 'all' }, '[test/node-agent] tolerations must be a list of { key?, operator?, value?, effect? } objects.'],
  ])('%j', (props, message) => {
    expect(() => synth(props as any)).toThrow(exactly(message));
  });
});
