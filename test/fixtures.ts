/**
 * Test fixtures: a compliant workload written out by hand (not by the builders), and a way to tweak it.
 */
import type { KubeObject } from '../src/core/types';

/** A digest-pinned image from an explicit registry. */
export const PINNED_IMAGE = 'registry.example.com/team/app:1.0.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

/** A Deployment that satisfies every rule of the catalogue (with {@link compliantPolicy}). */
export function compliantDeployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'shop' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'app',
            image: PINNED_IMAGE,
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

/** A NetworkPolicy selecting the pods of {@link compliantDeployment} for ingress and egress. */
export function compliantPolicy(): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'app', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'app' } }, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** A deep copy of `object` changed by `change`. */
export function tweak<T>(object: T, change: (copy: any) => void): T {
  const copy = JSON.parse(JSON.stringify(object));
  change(copy);
  return copy;
}

/** The pod spec of a Deployment fixture. */
export function podSpec(deployment: any): any {
  return deployment.spec.template.spec;
}

/** The first container of a Deployment fixture. */
export function firstContainer(deployment: any): any {
  return deployment.spec.template.spec.containers[0];
}

/** `entry` as `--format json` writes it: its resource with the contract's four keys, `namespace: null` where it has none. */
export function jsonEntry<T extends { resource: object }>(entry: T): T {
  const { resource } = entry as { resource: { namespace?: string } };
  return { ...entry, resource: { ...resource, namespace: resource.namespace ?? null } };
}

/** `report` as `--format json` writes it (see {@link jsonEntry}). */
export function jsonReport<T extends { findings: readonly any[]; exemptions: readonly any[] }>(report: T): T {
  return { ...report, findings: report.findings.map(jsonEntry), exemptions: report.exemptions.map(jsonEntry) };
}
