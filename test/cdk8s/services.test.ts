import { Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedDaemonSet, HardenedDeployment, HardenedStatefulSet } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { exactly } from '../messages';

const JUSTIFICATION = 'Bare-metal cluster without an ingress controller, replacement tracked in SEC-321';
const kindOf = (manifest: any[], kind: string) => manifest.find((o) => o.kind === kind);
const overrideAdvice = (rule: string) => `Or, to accept the risk, add an override { rule: '${rule}', justification: '<why, at least 20 characters>' }.`;

describe('Services are ClusterIP unless an override justifies more', () => {
  test('ClusterIP is the default for Deployments and StatefulSets', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    new HardenedStatefulSet(chart, 'db', { image: PINNED_IMAGE, port: 5432 });
    const services = Testing.synth(chart).filter((o) => o.kind === 'Service');
    expect(services.map((s) => [s.metadata.name, s.spec.type ?? `clusterIP: ${s.spec.clusterIP}`])).toEqual([
      ['api', 'ClusterIP'], ['db', 'ClusterIP'], ['db-headless', 'clusterIP: None'],
    ]);
  });

  test.each(['NodePort', 'LoadBalancer'] as const)('%s without an override fails, naming no-external-exposure', (serviceType) => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', { image: PINNED_IMAGE, port: 8080, serviceType })).toThrow(exactly(
      `[test/api] no-external-exposure: Service/api Service "api" is of type ${serviceType} (at /spec/type). `
      + `Fix: Use type: ClusterIP and publish through an Ingress or Gateway; remove externalIPs. ${overrideAdvice('no-external-exposure')}`,
    ));
  });

  test.each(['NodePort', 'LoadBalancer'] as const)('%s with a justified override is emitted, annotated on the Service only', (serviceType) => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, serviceType, overrides: [{ rule: 'no-external-exposure', justification: JUSTIFICATION }] });
    const manifest = Testing.synth(chart);
    expect(kindOf(manifest, 'Service').spec.type).toBe(serviceType);
    expect(JSON.parse(kindOf(manifest, 'Service').metadata.annotations['kubeharden.io/overrides'])[0].rule).toBe('no-external-exposure');
    expect(kindOf(manifest, 'Deployment').metadata.annotations).toBeUndefined();
    expect(audit(manifest).exemptions.map((e) => e.rule)).toEqual(['no-external-exposure']);
  });

  test('a StatefulSet\'s LoadBalancer leaves its headless Service untouched', () => {
    const chart = Testing.chart();
    new HardenedStatefulSet(chart, 'db', {
      image: PINNED_IMAGE, port: 5432, serviceType: 'LoadBalancer', overrides: [{ rule: 'no-external-exposure', justification: JUSTIFICATION }],
    });
    const headless = Testing.synth(chart).find((o) => o.metadata.name === 'db-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.metadata.annotations).toBeUndefined();
  });
});

describe('host ports and host namespaces need justified overrides', () => {
  test('a hostPort fails, naming no-host-ports', () => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', { image: PINNED_IMAGE, ports: [{ port: 8080, hostPort: 8080 }] }))
      .toThrow(exactly('[test/api] no-host-ports: Deployment/api hostPort (container "api" uses hostPort 8080) (at /spec/template/spec/containers/0/ports/0/hostPort). '
        + `Fix: Remove ports[].hostPort and expose the container through a ClusterIP Service. ${overrideAdvice('no-host-ports')}`));
  });

  test('a hostPort with a justified override is emitted', () => {
    const chart = Testing.chart();
    new HardenedDaemonSet(chart, 'edge', {
      image: PINNED_IMAGE, ports: [{ port: 8443, hostPort: 8443 }], overrides: [{ rule: 'no-host-ports', justification: JUSTIFICATION }],
    });
    const manifest = Testing.synth(chart);
    expect(kindOf(manifest, 'DaemonSet').spec.template.spec.containers[0].ports[0]).toEqual({ name: 'http', containerPort: 8443, protocol: 'TCP', hostPort: 8443 });
    expect(audit(manifest).findings).toEqual([]);
  });

  test.each(['hostNetwork', 'hostPID', 'hostIPC'] as const)('%s fails without a no-host-namespaces override and passes with one', (field) => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', { image: PINNED_IMAGE, port: 8080, [field]: true }))
      .toThrow(/^\[test\/api\] (.|\n)*no-host-namespaces: Deployment\/api/);
    const chart = Testing.chart();
    // On the node's network the port is a host port too.
    const overrides = [{ rule: 'no-host-namespaces', justification: JUSTIFICATION }, ...(field === 'hostNetwork' ? [{ rule: 'no-host-ports', justification: JUSTIFICATION }] : [])];
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, [field]: true, overrides });
    const manifest = Testing.synth(chart);
    expect(kindOf(manifest, 'Deployment').spec.template.spec[field]).toBe(true);
    expect(audit(manifest).findings).toEqual([]);
  });
});
