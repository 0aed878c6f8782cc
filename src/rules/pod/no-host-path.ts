import type { Rule } from '../rule';

/**
 * Pods mount no hostPath volumes and, at the restricted level, only the allowed volume types.
 * PSS checks: `hostPathVolumes` (baseline), `restrictedVolumes` (restricted, which supersedes it).
 */
export const noHostPath: Rule = {
  id: 'no-host-path',
  title: 'No hostPath volumes; only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret',
  rationale: 'A hostPath volume exposes the node\'s filesystem (the container runtime socket, kubelet credentials) to the container; other volume types reach storage outside the pod\'s control.',
  guide: 'No --privileged',
  severity: 'high',
  fix: 'Replace the volume with an emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret.',
  default: 'emptyDir, secret, projected, persistentVolumeClaim and (for Secrets Store CSI mounts) csi volumes only',
  appliesTo: ['pod-workloads'],
  pssChecks: ['hostPathVolumes', 'restrictedVolumes'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
