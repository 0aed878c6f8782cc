import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { isRecord, pointer } from '../../core/types';
import type { Rule, RuleFinding } from '../rule';

/**
 * Containers bind no host ports. PSS check: `hostPorts`. Beyond it: on the node's network (`hostNetwork: true`) every
 * container port is a host port, and Kubernetes writes it out as one (`hostPort` defaults to the `containerPort` in
 * such pods), so a port left without `hostPort` there is reported too.
 */
export const noHostPorts: Rule = {
  id: 'no-host-ports',
  title: 'No host ports',
  rationale: 'A hostPort publishes the container on every address of the node, bypassing Services and NetworkPolicies.',
  guide: 'Don\'t expose unnecessary ports',
  severity: 'high',
  fix: 'Remove ports[].hostPort and expose the container through a ClusterIP Service.',
  default: 'no hostPort',
  appliesTo: ['pod-workloads'],
  pssChecks: ['hostPorts'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  check(object) {
    const view = podTemplateOf(object);
    if (!view || view.spec.hostNetwork !== true) return [];
    const findings: RuleFinding[] = [];
    for (const c of containersOf(view)) {
      const ports: unknown = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((port: unknown, index) => {
        if (!isRecord(port) || typeof port.containerPort !== 'number' || (port.hostPort !== undefined && port.hostPort !== null && port.hostPort !== 0)) return;
        findings.push({
          message: `container "${c.container.name}" port ${port.containerPort} is a host port: on the node's network (hostNetwork) Kubernetes sets hostPort to the containerPort`,
          path: pointer(c.pointer, 'ports', index),
          fix: 'Leave the node\'s network (remove hostNetwork) and expose the port through a Service; if the pod must stay on it, justify the port with an override of this rule.',
        });
      });
    }
    return findings;
  },
};
