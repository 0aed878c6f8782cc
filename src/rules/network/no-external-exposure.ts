import type { Rule, RuleFinding } from '../rule';

/** Services are ClusterIP: no NodePort, no LoadBalancer, no externalIPs. */
export const noExternalExposure: Rule = {
  id: 'no-external-exposure',
  title: 'Services are not exposed outside the cluster',
  rationale: 'NodePort and LoadBalancer Services publish a workload on every node or on a public address, bypassing the ingress layer and its TLS and authentication.',
  guide: 'Don\'t expose unnecessary ports',
  severity: 'high',
  fix: 'Use type: ClusterIP and publish through an Ingress or Gateway; remove externalIPs.',
  default: 'type: ClusterIP',
  appliesTo: ['Service'],
  references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
  check(object) {
    if (object.kind !== 'Service') return [];
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    const findings: RuleFinding[] = [];
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      findings.push({ message: `Service "${object.metadata?.name}" is of type ${spec.type}`, path: '/spec/type' });
    }
    if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
      findings.push({ message: `Service "${object.metadata?.name}" sets externalIPs`, path: '/spec/externalIPs' });
    }
    return findings;
  },
};
