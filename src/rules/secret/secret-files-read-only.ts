import type { Volume } from 'kubernetes-types/core/v1';
import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { isRecord, pointer } from '../../core/types';
import type { Rule, RuleFinding } from '../rule';

/** True when a file mode grants at most read to owner and group, and nothing to others (0400, 0440). */
function isRestrictiveMode(mode: number): boolean {
  const owner = Math.floor(mode / 64) % 8;
  const group = Math.floor(mode / 8) % 8;
  const other = mode % 8;
  return mode >= 0 && mode < 512 && (owner === 0 || owner === 4) && (group === 0 || group === 4) && other === 0;
}

/**
 * Runtime secrets are read-only files: secret volumes are mounted `readOnly` with a restrictive
 * `defaultMode`, and secrets are never exposed as environment variables.
 */
export const secretFilesReadOnly: Rule = {
  id: 'secret-files-read-only',
  title: 'Secrets are mounted as read-only files, never environment variables',
  rationale: 'Environment variables leak into logs, crash dumps and child processes; files with mode 0400 on a read-only mount do not.',
  guide: 'Runtime secrets',
  severity: 'medium',
  fix: 'Mount the secret as a volume with readOnly: true and defaultMode: 0400 (SecretMount does), and read it from the file.',
  default: 'secret volumes with defaultMode 0400 mounted readOnly; Secrets Store CSI volumes readOnly; no secret env vars',
  appliesTo: ['pod-workloads'],
  references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod'],
  check(object) {
    const view = podTemplateOf(object);
    if (!view) return [];
    const findings: RuleFinding[] = [];
    const volumes = Array.isArray(view.spec.volumes) ? view.spec.volumes : [];
    const secretVolumes = new Set<string>();
    volumes.forEach((volume, i) => {
      if (isRecord(volume) && isSecretsStoreVolume(volume)) {
        secretVolumes.add(volume.name);
        if (volume.csi?.readOnly !== true) {
          findings.push({
            message: `Secrets Store CSI volume "${volume.name}" is not read-only`,
            path: pointer(view.specPointer, 'volumes', i, 'csi', 'readOnly'),
          });
        }
        return;
      }
      if (!isRecord(volume) || !isSecretVolume(volume)) return;
      secretVolumes.add(volume.name);
      const mode = secretVolumeMode(volume);
      if (mode.value === undefined || !isRestrictiveMode(mode.value)) {
        findings.push({
          message: `secret volume "${volume.name}" ${mode.value === undefined ? 'has no defaultMode, so its files are world-readable (0644)' : `has file mode 0${mode.value.toString(8)}, more permissive than 0440`}`,
          path: pointer(view.specPointer, 'volumes', i, ...mode.path),
        });
      }
    });
    for (const c of containersOf(view)) {
      const mounts = Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [];
      mounts.forEach((mount, i) => {
        if (isRecord(mount) && secretVolumes.has(mount.name) && mount.readOnly !== true) {
          findings.push({
            message: `container "${c.container.name}" mounts secret volume "${mount.name}" writable`,
            path: pointer(c.pointer, 'volumeMounts', i, 'readOnly'),
          });
        }
      });
      const env = Array.isArray(c.container.env) ? c.container.env : [];
      env.forEach((variable, i) => {
        if (isRecord(variable) && isRecord(variable.valueFrom) && isRecord(variable.valueFrom.secretKeyRef)) {
          findings.push({
            message: `container "${c.container.name}" exposes secret "${variable.valueFrom.secretKeyRef.name}" as environment variable ${variable.name}`,
            path: pointer(c.pointer, 'env', i, 'valueFrom', 'secretKeyRef'),
          });
        }
      });
      const envFrom = Array.isArray(c.container.envFrom) ? c.container.envFrom : [];
      envFrom.forEach((source, i) => {
        if (isRecord(source) && isRecord(source.secretRef)) {
          findings.push({
            message: `container "${c.container.name}" exposes every key of secret "${source.secretRef.name}" as environment variables`,
            path: pointer(c.pointer, 'envFrom', i, 'secretRef'),
          });
        }
      });
    }
    return findings;
  },
};

/** The Secrets Store CSI driver's volumes hold secrets fetched from an external store. */
function isSecretsStoreVolume(volume: Volume): boolean {
  return isRecord(volume.csi) && volume.csi.driver === 'secrets-store.csi.k8s.io';
}

function isSecretVolume(volume: Volume): boolean {
  if (isRecord(volume.secret)) return true;
  if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
    return volume.projected.sources.some((s) => isRecord(s) && isRecord(s.secret));
  }
  return false;
}

/** The effective mode of a secret volume and where it is set (per-item modes count when more permissive). */
function secretVolumeMode(volume: Volume): { value?: number; path: string[] } {
  if (isRecord(volume.secret)) {
    const items = Array.isArray(volume.secret.items) ? volume.secret.items : [];
    const itemModes = items.map((item) => (isRecord(item) && typeof item.mode === 'number' ? item.mode : undefined));
    const worst = itemModes.reduce<number | undefined>((max, m) => (m !== undefined && (max === undefined || m > max) ? m : max), undefined);
    const defaultMode = typeof volume.secret.defaultMode === 'number' ? volume.secret.defaultMode : undefined;
    if (worst !== undefined && (defaultMode === undefined || worst > defaultMode) && itemModes.every((m) => m !== undefined)) {
      return { value: worst, path: ['secret', 'items'] };
    }
    return { value: defaultMode === undefined ? undefined : Math.max(defaultMode, worst ?? 0), path: ['secret', 'defaultMode'] };
  }
  const defaultMode = isRecord(volume.projected) && typeof volume.projected.defaultMode === 'number' ? volume.projected.defaultMode : undefined;
  return { value: defaultMode, path: ['projected', 'defaultMode'] };
}
