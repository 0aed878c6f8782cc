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
      for (const mode of secretFileModes(volume)) {
        const problem = modeProblem(mode);
        if (problem) findings.push({ message: `secret volume "${volume.name}" ${problem}`, path: pointer(view.specPointer, 'volumes', i, ...mode.path) });
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

/** A mode the secret files of a volume get, and the field that sets it. */
interface FileMode {
  /** `undefined` when the defaultMode that applies is not set (so Kubernetes' 0644). */
  readonly value?: number;
  readonly path: Array<string | number>;
  /** The key of an item's own mode, and the secret of a projected source. */
  readonly key?: string;
  readonly secret?: string;
}

/** The `items` of one secret of a volume, where they are, and the secret's name for a projected source. */
interface SecretSource {
  readonly items: unknown;
  readonly path: Array<string | number>;
  readonly secret?: string;
}

/**
 * Every mode the secret files of a volume get: each item's own `mode`, and the volume's `defaultMode` when it
 * applies to some file (a secret without items, or an item without a mode). For a projected volume, only its
 * secret sources count.
 */
function secretFileModes(volume: Volume): FileMode[] {
  if (isRecord(volume.secret)) return fileModes('secret', volume.secret.defaultMode, [{ items: volume.secret.items, path: ['secret', 'items'] }]);
  const projected = volume.projected!;
  const sources = projected.sources!.flatMap((source, j): SecretSource[] => (isRecord(source) && isRecord(source.secret)
    ? [{ items: source.secret.items, path: ['projected', 'sources', j, 'secret', 'items'], secret: source.secret.name }]
    : []));
  return fileModes('projected', projected.defaultMode, sources);
}

/** The item modes of `sources`, after the volume's `defaultMode` (under `field`) when some file takes it. */
function fileModes(field: 'secret' | 'projected', defaultMode: unknown, sources: readonly SecretSource[]): FileMode[] {
  const modes: FileMode[] = [];
  let takesDefault = false;
  for (const source of sources) {
    const items = Array.isArray(source.items) ? source.items : [];
    // Without items, every key of the secret is a file with the default mode.
    if (items.length === 0) takesDefault = true;
    items.forEach((item, k) => {
      if (!isRecord(item) || typeof item.mode !== 'number') {
        takesDefault = true;
        return;
      }
      const key = typeof item.key === 'string' ? item.key : undefined;
      modes.push({ value: item.mode, path: [...source.path, k, 'mode'], key, secret: source.secret });
    });
  }
  if (!takesDefault) return modes;
  return [{ value: typeof defaultMode === 'number' ? defaultMode : undefined, path: [field, 'defaultMode'] }, ...modes];
}

/** What is wrong with a file mode (after `secret volume "<name>" `), or `undefined` when it is restrictive. */
function modeProblem(mode: FileMode): string | undefined {
  if (mode.value === undefined) return 'has no defaultMode, so its files are world-readable (0644)';
  if (isRestrictiveMode(mode.value)) return undefined;
  const secret = typeof mode.secret === 'string' ? ` of secret "${mode.secret}"` : '';
  const file = mode.key === undefined ? '' : ` for key "${mode.key}"${secret}`;
  return `has file mode 0${mode.value.toString(8)}${file}, more permissive than 0440`;
}
