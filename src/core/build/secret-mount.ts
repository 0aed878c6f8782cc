/**
 * SecretMount: runtime secrets as read-only files, from an existing Secret, an External Secrets Operator
 * `ExternalSecret`, a Secrets Store CSI `SecretProviderClass`, or the Vault Agent injector.
 */
import type { Container, EnvVar, KeyToPath, PodSpec, Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { normalMountPath } from '../../rules/remediate';
import { PropsError } from '../errors';
import { isDnsLabel, isDnsSubdomain } from '../names';
import { isRecord, KubeObject } from '../types';
import { MetadataProps, NAME_LABEL, objectMetadata } from './metadata';
import { aList, anObject, aString, aStringList, aStringMap, checkKnownProps, checkPropTypes, propNames, PropType } from './prop-types';

/**
 * File mode of every secret file: read for the owner only (`0400`). With the pod's `fsGroup` (65532 by default)
 * the kubelet makes the files group-owned and group-readable, so the non-root containers can read them.
 */
export const SECRET_FILE_MODE = 0o400;

/** Driver name of the Secrets Store CSI driver. */
export const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';

/** Directory the Vault Agent injector renders secrets into. */
export const VAULT_SECRETS_PATH = '/vault/secrets';

/** Annotation prefix of the Vault Agent injector. */
export const VAULT_ANNOTATION_PREFIX = 'vault.hashicorp.com/';

/** One key of a secret, projected as a file. */
export interface SecretItem {
  /** The key in the secret. */
  readonly key: string;
  /**
   * File name (relative path) under the mount path.
   * @default - the key
   */
  readonly path?: string;
}

/** Where and how the files of a secret appear; shared by every source. */
export interface SecretMountOptions {
  /**
   * Directory the files appear in, or with `subPath` the path of the single file.
   * @default `/etc/secrets/<name>` (Vault Agent: `/vault/secrets`)
   */
  readonly mountPath?: string;
  /**
   * Mount a single file of the secret at `mountPath` instead of the whole directory. Files mounted with a
   * sub-path are not updated when the secret rotates.
   * @default - the whole secret as a directory
   */
  readonly subPath?: string;
  /**
   * Names of the containers (main, init or sidecar) that mount the secret.
   * @default - the main container only
   */
  readonly containers?: readonly string[];
  /**
   * Name of the pod volume, unique within the pod.
   * @default - the secret's name (of an existing Secret: with '.' turned into '-', cut to 63 characters)
   */
  readonly volumeName?: string;
}

/** Options of the sources that produce a Kubernetes Secret (an existing one, or one synced by an ExternalSecret). */
export interface KubernetesSecretMountOptions extends SecretMountOptions {
  /**
   * Only these keys, as these files.
   * @default - every key, each as a file named like the key
   */
  readonly items?: readonly SecretItem[];
  /**
   * Also expose keys as environment variables, `{ ENV_NAME: 'key' }`. Environment variables leak into logs,
   * crash dumps and child processes: this weakens rule `secret-files-read-only` and needs a justified override.
   * @default - files only
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** An existing Secret (created out of band, e.g. by an operator), mounted as files. */
export interface ExistingSecretMount extends KubernetesSecretMountOptions {
  readonly source: 'secret';
  /** Name of the Secret, in the workload's namespace. */
  readonly secretName: string;
}

/** One entry of an ExternalSecret: a remote value synced into a key of the target Secret. */
export interface ExternalSecretData {
  /** Key in the target Secret (and file name). */
  readonly key: string;
  /** Key (path, name or ARN) of the value in the external store. */
  readonly remoteKey: string;
  /**
   * Property of a structured (JSON) remote value.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * Version of the remote value.
   * @default - the latest
   */
  readonly version?: string;
}

/**
 * A Secret synced from an external store by the External Secrets Operator: emits an `ExternalSecret`
 * (`external-secrets.io/v1`, served by ESO 0.17 and later) whose target Secret is mounted as files. The
 * manifest holds references only, never the values (rule `no-literal-secrets`).
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export interface ExternalSecretMount extends KubernetesSecretMountOptions {
  readonly source: 'external-secret';
  /**
   * Logical name of the secret. The ExternalSecret and its target Secret are named `<workload>-<name>`, which is
   * also their `app.kubernetes.io/name` label: at most 63 characters together.
   */
  readonly name: string;
  /** The SecretStore (or ClusterSecretStore) to read from. */
  readonly store: { readonly name: string; readonly kind?: 'SecretStore' | 'ClusterSecretStore' };
  /** The remote values, one per key of the target Secret. */
  readonly data: readonly ExternalSecretData[];
  /**
   * How often the operator refreshes the Secret from the store.
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/** Secrets Store CSI providers. */
export type SecretsStoreProvider = 'vault' | 'aws' | 'azure' | 'gcp';

/** One secret object fetched by a Secrets Store CSI provider. */
export interface CsiSecretObject {
  /** File name under the mount path. */
  readonly fileName: string;
  /**
   * The secret in the store: a Vault path (`secret/data/db`), an AWS Secrets Manager name or ARN, an Azure
   * Key Vault object name, or a GCP resource name (`projects/p/secrets/s/versions/latest`).
   */
  readonly remoteName: string;
  /**
   * Key inside the remote secret (Vault only).
   * @default - the whole secret
   */
  readonly key?: string;
  /**
   * Object type: `secretsmanager` or `ssmparameter` (AWS), `secret`, `key` or `cert` (Azure).
   * @default - 'secretsmanager' (AWS), 'secret' (Azure)
   */
  readonly type?: string;
}

/**
 * Secrets fetched at pod start by the Secrets Store CSI driver: emits a `SecretProviderClass`
 * (`secrets-store.csi.x-k8s.io/v1`) and mounts a `csi` volume of driver `secrets-store.csi.k8s.io` with
 * `readOnly: true`, read-only in the containers (rule `secret-files-read-only`). File modes are the provider's (0644
 * by default): the driver writes the files as root and ignores the pod's `fsGroup`, so a stricter mode would hide them
 * from the non-root container.
 * @see https://github.com/kubernetes-sigs/secrets-store-csi-driver/issues/858
 * @see https://secrets-store-csi-driver.sigs.k8s.io/concepts
 */
export interface CsiSecretMount extends SecretMountOptions {
  readonly source: 'csi';
  /**
   * Logical name. The SecretProviderClass is named `<workload>-<name>`, which is also its `app.kubernetes.io/name`
   * label: at most 63 characters together.
   */
  readonly name: string;
  /** The provider plugin installed next to the driver. */
  readonly provider: SecretsStoreProvider;
  /** The secrets to fetch, one file each. */
  readonly objects: readonly CsiSecretObject[];
  /**
   * Provider parameters besides the objects, as strings: `vaultAddress` and `roleName` (vault, required), `region`
   * (aws), `keyvaultName` and `tenantId` (azure, required), `clientID`, `usePodIdentity`… Not `objects` (`secrets`
   * with gcp), which is generated from {@link CsiSecretMount.objects}.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** One file rendered by the Vault Agent. */
export interface VaultAgentFile {
  /**
   * File name under `/vault/secrets`: letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
   * At most 43 characters (41 with a `template`): it ends the injector's annotation keys
   * (`vault.hashicorp.com/agent-inject-template-<fileName>`), whose name part allows 63.
   */
  readonly fileName: string;
  /** The Vault path to read (e.g. `database/creds/api` or `secret/data/api`). */
  readonly vaultPath: string;
  /**
   * Consul Template to render the file with.
   * @default - the secret's data as Go map syntax
   */
  readonly template?: string;
}

/**
 * Secrets rendered into files by the Vault Agent injector: annotations on the pod template
 * (`vault.hashicorp.com/agent-inject` etc.), files mode `0400` under `/vault/secrets`. The agent runs as the
 * workload's user (so it can read its `0400` files) and authenticates with a short-lived projected service
 * account token that none of the workload's containers mount. In Jobs and CronJobs the agent only pre-populates
 * the files. The pods must be allowed to reach Vault (`allowEgressTo`).
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations
 */
export interface VaultAgentMount extends SecretMountOptions {
  readonly source: 'vault';
  /** The Vault Kubernetes-auth role the agent logs in as. */
  readonly role: string;
  /** The files to render. */
  readonly files: readonly VaultAgentFile[];
  /**
   * Audience of the agent's projected service account token (must match the Vault role's `audience`).
   * @default 'vault'
   */
  readonly tokenAudience?: string;
}

/**
 * A runtime secret, mounted as read-only files, mode `0400` except with the Secrets Store CSI driver (see
 * {@link CsiSecretMount}) (rule `secret-files-read-only`). Build one
 * with the `SecretMount.from…` helpers or write the object literally.
 */
export type SecretMount = ExistingSecretMount | ExternalSecretMount | CsiSecretMount | VaultAgentMount;

/** Helpers that build {@link SecretMount}s. */
export const SecretMount = {
  /** Mounts the existing Secret `secretName`. */
  fromSecret(secretName: string, options: KubernetesSecretMountOptions = {}): ExistingSecretMount {
    return { source: 'secret', secretName, ...options };
  },
  /** Syncs a Secret from an external store with an `ExternalSecret` and mounts it. */
  fromExternalSecret(props: Omit<ExternalSecretMount, 'source'>): ExternalSecretMount {
    return { source: 'external-secret', ...props };
  },
  /** Fetches secrets with the Secrets Store CSI driver through a `SecretProviderClass`. */
  fromSecretsStoreCsi(props: Omit<CsiSecretMount, 'source'>): CsiSecretMount {
    return { source: 'csi', ...props };
  },
  /** Renders secrets with the Vault Agent injector. */
  fromVaultAgent(props: Omit<VaultAgentMount, 'source'>): VaultAgentMount {
    return { source: 'vault', ...props };
  },
};

/** What a pod needs for its secrets: volumes, mounts, environment, annotations, and objects to emit. */
export interface SecretMountPlan {
  readonly volumes: readonly Volume[];
  /** Volume mounts, by container name. */
  readonly mounts: ReadonlyMap<string, readonly VolumeMount[]>;
  /** Environment variables taken from secrets (only with a justified override), by container name. */
  readonly env: ReadonlyMap<string, readonly EnvVar[]>;
  /** Annotations for the pod template (Vault Agent). */
  readonly annotations: Readonly<Record<string, string>>;
  /** ExternalSecrets and SecretProviderClasses to emit next to the workload. */
  readonly objects: readonly KubeObject[];
}

/** Inputs of {@link planSecretMounts}. */
export interface SecretMountContext {
  /** Construct path or name, for messages. */
  readonly where: string;
  /** The workload name: prefixes the emitted objects' names. */
  readonly workloadName: string;
  /** Metadata props of the workload (namespace, labels). */
  readonly metadata: MetadataProps;
  /** Every container of the pod, by name; the first is the main container. */
  readonly containerNames: readonly string[];
  /** True for Jobs and CronJobs: the Vault Agent then only pre-populates files (a sidecar would never exit). */
  readonly runsToCompletion?: boolean;
}

const KEY = /^[-._a-zA-Z0-9]+$/;
/** Vault Agent file names: they end annotation keys, whose name part starts and ends with a letter or digit. */
const VAULT_FILE_NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** The longest name part of a label or annotation key, and the longest label value. */
const MAX_LABEL_LENGTH = 63;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CSI_REQUIRED_PARAMETERS: Readonly<Record<SecretsStoreProvider, readonly string[]>> = {
  vault: ['vaultAddress', 'roleName'],
  aws: [],
  azure: ['keyvaultName', 'tenantId'],
  gcp: [],
};

/** The props of each kind of {@link SecretMount}, by source, with the name of its type for errors. */
const SECRET_MOUNT_PROP_NAMES: Readonly<Record<SecretMount['source'], readonly [string, readonly string[]]>> = {
  'secret': ['ExistingSecretMount', propNames<ExistingSecretMount>()(
    'source', 'secretName', 'items', 'env', 'mountPath', 'subPath', 'containers', 'volumeName',
  )],
  'external-secret': ['ExternalSecretMount', propNames<ExternalSecretMount>()(
    'source', 'name', 'store', 'data', 'refreshInterval', 'items', 'env', 'mountPath', 'subPath', 'containers', 'volumeName',
  )],
  'csi': ['CsiSecretMount', propNames<CsiSecretMount>()(
    'source', 'name', 'provider', 'objects', 'parameters', 'mountPath', 'subPath', 'containers', 'volumeName',
  )],
  'vault': ['VaultAgentMount', propNames<VaultAgentMount>()(
    'source', 'role', 'files', 'tokenAudience', 'mountPath', 'subPath', 'containers', 'volumeName',
  )],
};

/** The JSON types of the props of each kind of {@link SecretMount} (names and enumerations are checked with their values). */
const MOUNT_OPTION_TYPES: Readonly<Record<string, PropType>> = {
  mountPath: aString('"/etc/secrets/db"'),
  subPath: aString('"password"'),
  containers: aStringList('["api"]'),
  volumeName: aString('"db"'),
};
const KUBERNETES_SECRET_TYPES: Readonly<Record<string, PropType>> = {
  ...MOUNT_OPTION_TYPES,
  items: aList('[{ key: "password" }]'),
  env: aStringMap('{ DB_PASSWORD: "password" }'),
};
const SECRET_MOUNT_PROP_TYPES: Readonly<Record<SecretMount['source'], Readonly<Record<string, PropType>>>> = {
  'secret': KUBERNETES_SECRET_TYPES,
  'external-secret': {
    ...KUBERNETES_SECRET_TYPES,
    store: anObject('{ name: "vault-backend" }'),
    data: aList('[{ key: "password", remoteKey: "shop/db" }]'),
    refreshInterval: aString('"1h"'),
  },
  'csi': {
    ...MOUNT_OPTION_TYPES,
    objects: aList('[{ fileName: "password", remoteName: "shop/db" }]'),
    parameters: anObject('{ region: "eu-west-1" }'),
  },
  'vault': {
    ...MOUNT_OPTION_TYPES,
    role: aString('"api"'),
    files: aList('[{ fileName: "db", vaultPath: "database/creds/api" }]'),
    tokenAudience: aString('"vault"'),
  },
};
const SECRET_ITEM_PROP_NAMES = propNames<SecretItem>()('key', 'path');
const STORE_PROP_NAMES = propNames<ExternalSecretMount['store']>()('name', 'kind');
const EXTERNAL_SECRET_DATA_PROP_NAMES = propNames<ExternalSecretData>()('key', 'remoteKey', 'property', 'version');
const EXTERNAL_SECRET_DATA_TYPES = {
  property: aString('"password"'),
  version: aString('"1"'),
};
const CSI_OBJECT_PROP_NAMES = propNames<CsiSecretObject>()('fileName', 'remoteName', 'key', 'type');
const VAULT_FILE_PROP_NAMES = propNames<VaultAgentFile>()('fileName', 'vaultPath', 'template');
const VAULT_FILE_TYPES = { template: aString('a Consul Template as a string') };

/** Validates `secrets` and computes what the pod needs for them. */
export function planSecretMounts(context: SecretMountContext, secrets: readonly SecretMount[] | undefined): SecretMountPlan {
  const { where } = context;
  const plan = {
    volumes: [] as Volume[],
    mounts: new Map<string, VolumeMount[]>(),
    env: new Map<string, EnvVar[]>(),
    annotations: {} as Record<string, string>,
    objects: [] as KubeObject[],
  };
  if (secrets === undefined) return plan;
  if (!Array.isArray(secrets)) throw new PropsError(where, 'secrets must be a list such as [SecretMount.fromSecret(\'db\')].');
  const volumeOwners = new Map<string, number>();
  const pathOwners = new Map<string, number>();
  let firstVault: number | undefined;
  secrets.forEach((secret, i) => {
    const field = `secrets[${i}]`;
    if (!isRecord(secret)) throw new PropsError(where, `${field} must be an object such as SecretMount.fromSecret('db').`);
    const name = logicalName(where, field, secret);
    const [type, names] = SECRET_MOUNT_PROP_NAMES[(secret as SecretMount).source];
    checkKnownProps(where, secret, names, type, `${field}.`);
    checkPropTypes(where, secret, SECRET_MOUNT_PROP_TYPES[(secret as SecretMount).source], `${field}.`);
    const containers = targetContainers(where, field, secret, context.containerNames);
    const mountPath = secret.mountPath ?? (secret.source === 'vault' ? VAULT_SECRETS_PATH : `/etc/secrets/${name}`);
    checkAbsolutePath(where, `${field}.mountPath`, mountPath);
    const pathKey = normalMountPath(mountPath);
    const pathOwner = pathOwners.get(pathKey);
    if (pathOwner !== undefined) {
      throw new PropsError(where, `${field} is mounted at ${mountPath}, where secrets[${pathOwner}] is already mounted. Fix: mount each secret at its own path.`);
    }
    pathOwners.set(pathKey, i);
    if (secret.source === 'vault') {
      if (firstVault !== undefined) {
        throw new PropsError(where, `${field} is a second Vault Agent secret (secrets[${firstVault}] is the first). Fix: list every file in one SecretMount.fromVaultAgent({ role, files }).`);
      }
      firstVault = i;
      planVault(context, field, secret, mountPath, plan);
      return;
    }
    const volumeName = secret.volumeName ?? name;
    if (!isDnsLabel(volumeName)) {
      throw new PropsError(where, `${field}.volumeName ${JSON.stringify(volumeName)} is not a valid volume name. Fix: use at most 63 lower-case letters, digits and '-'.`);
    }
    const volumeOwner = volumeOwners.get(volumeName);
    if (volumeOwner !== undefined) {
      throw new PropsError(where, `${field} uses volume name "${volumeName}", already used by secrets[${volumeOwner}]. Fix: give each secret a unique volumeName.`);
    }
    volumeOwners.set(volumeName, i);
    let knownKeys: readonly string[] | undefined;
    let secretName = '';
    switch (secret.source) {
      case 'secret':
        secretName = secret.secretName;
        plan.volumes.push(secretVolume(where, field, volumeName, secretName, secret.items));
        break;
      case 'external-secret': {
        const built = externalSecret(context, field, secret);
        plan.objects.push(built.object);
        knownKeys = built.keys;
        secretName = built.secretName;
        plan.volumes.push(secretVolume(where, field, volumeName, secretName, secret.items, knownKeys));
        break;
      }
      case 'csi': {
        const built = secretProviderClass(context, field, secret);
        plan.objects.push(built.object);
        knownKeys = built.files;
        plan.volumes.push({
          name: volumeName,
          csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: built.name } },
        });
        break;
      }
      default:
        throw new PropsError(where, `${field}.source ${JSON.stringify((secret as { source?: unknown }).source)} is unknown. Fix: use SecretMount.fromSecret, fromExternalSecret, fromSecretsStoreCsi or fromVaultAgent.`);
    }
    const items: readonly SecretItem[] | undefined = secret.source !== 'csi' ? secret.items : undefined;
    const files = items ? items.map((item) => item.path ?? item.key) : knownKeys;
    if (secret.subPath !== undefined) checkSubPath(where, field, secret.subPath, files);
    const mount: VolumeMount = { name: volumeName, mountPath, readOnly: true, ...(secret.subPath !== undefined ? { subPath: secret.subPath } : {}) };
    for (const container of containers) append(plan.mounts, container, mount);
    if (secret.source !== 'csi' && secret.env !== undefined) {
      for (const variable of secretEnv(where, field, secret.env, secretName, knownKeys)) {
        for (const container of containers) append(plan.env, container, variable);
      }
    }
  });
  return plan;
}

/**
 * Adds the plan's volumes, mounts, environment variables and annotations to a pod spec. A secret mounted where
 * a container already mounts something (a writable path) is an error.
 */
export function applySecretMounts(where: string, plan: SecretMountPlan, spec: PodSpec): void {
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  const volumes = (spec.volumes = spec.volumes ?? []);
  for (const volume of plan.volumes) {
    if (volumes.some((v) => v.name === volume.name)) {
      throw new PropsError(where, `secret volume name "${volume.name}" is already used by another volume of the pod. Fix: set a different volumeName.`);
    }
    volumes.push(volume);
  }
  for (const container of containers) {
    for (const mount of plan.mounts.get(container.name) ?? []) addMount(where, container, mount);
    const env = plan.env.get(container.name);
    if (env) container.env = [...(container.env ?? []), ...env];
  }
}

function addMount(where: string, container: Container, mount: VolumeMount): void {
  const mounts = (container.volumeMounts = container.volumeMounts ?? []);
  const clash = mounts.find((m) => normalMountPath(m.mountPath) === normalMountPath(mount.mountPath));
  if (clash) {
    throw new PropsError(where, `secret volume "${mount.name}" is mounted at ${mount.mountPath} in container "${container.name}", which already mounts volume "${clash.name}" there. Fix: mount the secret at another path, or remove the path from writablePaths.`);
  }
  mounts.push(mount);
}

function logicalName(where: string, field: string, secret: SecretMount): string {
  switch (secret.source) {
    case 'secret':
      if (!isDnsSubdomain(secret.secretName)) {
        throw new PropsError(where, `${field}.secretName ${JSON.stringify(secret.secretName)} is not a valid Secret name. Fix: use lower-case letters, digits, '-' and '.'.`);
      }
      return secret.secretName.replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
    case 'vault':
      return 'vault-secrets';
    case 'external-secret':
    case 'csi':
      if (!isDnsLabel(secret.name)) {
        throw new PropsError(where, `${field}.name ${JSON.stringify(secret.name)} is not a valid name. Fix: use at most 63 lower-case letters, digits and '-'.`);
      }
      return secret.name;
    default:
      throw new PropsError(where, `${field}.source ${JSON.stringify((secret as { source?: unknown }).source)} is unknown. Fix: use SecretMount.fromSecret, fromExternalSecret, fromSecretsStoreCsi or fromVaultAgent.`);
  }
}

function targetContainers(where: string, field: string, secret: SecretMount, names: readonly string[]): readonly string[] {
  if (secret.containers === undefined) return [names[0]];
  if (!Array.isArray(secret.containers) || secret.containers.length === 0) {
    throw new PropsError(where, `${field}.containers must list at least one container name. Fix: omit it to mount in the main container.`);
  }
  for (const container of secret.containers) {
    if (!names.includes(container)) {
      throw new PropsError(where, `${field}.containers names "${container}", which is not a container of the pod. Fix: use one of ${names.map((n) => `"${n}"`).join(', ')}.`);
    }
  }
  return [...new Set(secret.containers)];
}

function checkAbsolutePath(where: string, field: string, path: unknown): void {
  if (typeof path !== 'string' || !path.startsWith('/') || path === '/' || path.split('/').includes('..') || path.includes(':')) {
    throw new PropsError(where, `${field} ${JSON.stringify(path)} is not an absolute path. Fix: use a path such as "/etc/secrets/db".`);
  }
}

function checkFileName(where: string, field: string, path: unknown): void {
  if (typeof path !== 'string' || path.length === 0 || path.startsWith('/') || path.split('/').includes('..')) {
    throw new PropsError(where, `${field} ${JSON.stringify(path)} is not a relative file name. Fix: use a name such as "password".`);
  }
}

function checkSubPath(where: string, field: string, subPath: string, files: readonly string[] | undefined): void {
  checkFileName(where, `${field}.subPath`, subPath);
  if (files && !files.includes(subPath)) {
    throw new PropsError(where, `${field}.subPath "${subPath}" is not a file of the secret. Fix: use one of ${files.map((f) => `"${f}"`).join(', ')}.`);
  }
}

function secretVolume(
  where: string, field: string, volumeName: string, secretName: string, items: readonly SecretItem[] | undefined, knownKeys?: readonly string[],
): Volume {
  return {
    name: volumeName,
    secret: { secretName, defaultMode: SECRET_FILE_MODE, ...(items !== undefined ? { items: secretItems(where, field, items, knownKeys) } : {}) },
  };
}

function secretItems(where: string, field: string, items: readonly SecretItem[], knownKeys: readonly string[] | undefined): KeyToPath[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new PropsError(where, `${field}.items must list at least one { key, path? }. Fix: omit items to mount every key.`);
  }
  const paths = new Set<string>();
  return items.map((item, i) => {
    if (isRecord(item)) checkKnownProps(where, item, SECRET_ITEM_PROP_NAMES, 'SecretItem', `${field}.items[${i}].`);
    if (!isRecord(item) || typeof item.key !== 'string' || !KEY.test(item.key)) {
      throw new PropsError(where, `${field}.items[${i}].key ${JSON.stringify(isRecord(item) ? item.key : item)} is not a secret key. Fix: use letters, digits, '-', '_' and '.'.`);
    }
    if (knownKeys && !knownKeys.includes(item.key)) {
      throw new PropsError(where, `${field}.items[${i}].key "${item.key}" is not a key of the secret. Fix: use one of ${knownKeys.map((k) => `"${k}"`).join(', ')}.`);
    }
    const path = item.path ?? item.key;
    checkFileName(where, `${field}.items[${i}].path`, path);
    if (paths.has(path)) throw new PropsError(where, `${field}.items write the file "${path}" twice. Fix: give each item its own path.`);
    paths.add(path);
    return { key: item.key, path };
  });
}

function secretEnv(
  where: string, field: string, env: Readonly<Record<string, string>>, secretName: string, knownKeys: readonly string[] | undefined,
): EnvVar[] {
  if (!isRecord(env)) throw new PropsError(where, `${field}.env must be an object of ENV_NAME: 'key' pairs.`);
  return Object.entries(env).map(([name, key]) => {
    if (!ENV_NAME.test(name)) {
      throw new PropsError(where, `${field}.env name ${JSON.stringify(name)} is invalid. Fix: use letters, digits, '_', '-' and '.', not starting with a digit.`);
    }
    if (typeof key !== 'string' || !KEY.test(key) || (knownKeys && !knownKeys.includes(key))) {
      throw new PropsError(where, `${field}.env ${name} names ${JSON.stringify(key)}, which is not a key of the secret.${knownKeys ? ` Fix: use one of ${knownKeys.map((k) => `"${k}"`).join(', ')}.` : ' Fix: name a key of the secret.'}`);
    }
    return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
  });
}

function externalSecret(
  context: SecretMountContext, field: string, secret: ExternalSecretMount,
): { object: KubeObject; secretName: string; keys: string[] } {
  const { where } = context;
  const name = emittedName(context, field, secret.name, 'the ExternalSecret and its Secret', 'their');
  const store = secret.store;
  if (isRecord(store)) checkKnownProps(where, store, STORE_PROP_NAMES, 'ExternalSecretMount', `${field}.store.`);
  if (!isRecord(store) || !isDnsSubdomain(store.name)) {
    throw new PropsError(where, `${field}.store must name a SecretStore, e.g. { name: 'vault-backend' }. Fix: set store.name (and kind: 'ClusterSecretStore' for a cluster-wide store).`);
  }
  if (store.kind !== undefined && store.kind !== 'SecretStore' && store.kind !== 'ClusterSecretStore') {
    throw new PropsError(where, `${field}.store.kind ${JSON.stringify(store.kind)} is invalid. Fix: use SecretStore or ClusterSecretStore.`);
  }
  if (!Array.isArray(secret.data) || secret.data.length === 0) {
    throw new PropsError(where, `${field}.data must list at least one { key, remoteKey }. Fix: name the remote values to sync.`);
  }
  const keys: string[] = [];
  const data = secret.data.map((entry, i) => {
    const at = `${field}.data[${i}]`;
    if (isRecord(entry)) {
      checkKnownProps(where, entry, EXTERNAL_SECRET_DATA_PROP_NAMES, 'ExternalSecretData', `${at}.`);
      checkPropTypes(where, entry, EXTERNAL_SECRET_DATA_TYPES, `${at}.`);
    }
    if (!isRecord(entry) || typeof entry.key !== 'string' || !KEY.test(entry.key)) {
      throw new PropsError(where, `${at}.key is not a secret key. Fix: use letters, digits, '-', '_' and '.'.`);
    }
    if (keys.includes(entry.key)) throw new PropsError(where, `${at}.key "${entry.key}" is listed twice. Fix: sync each key once.`);
    keys.push(entry.key);
    if (typeof entry.remoteKey !== 'string' || entry.remoteKey.length === 0) {
      throw new PropsError(where, `${at}.remoteKey is missing. Fix: name the value in the store (a path, name or ARN).`);
    }
    return {
      secretKey: entry.key,
      remoteRef: {
        key: entry.remoteKey,
        ...ifSet('property', entry.property),
        ...ifSet('version', entry.version),
      },
    };
  });
  const refreshInterval = secret.refreshInterval ?? '1h';
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(refreshInterval) && refreshInterval !== '0') {
    throw new PropsError(where, `${field}.refreshInterval ${JSON.stringify(refreshInterval)} is not a duration. Fix: use a Go duration such as "1h" or "15m".`);
  }
  const object: KubeObject = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: objectMetadata(name, context.metadata),
    spec: {
      refreshInterval,
      secretStoreRef: { name: store.name, kind: store.kind ?? 'SecretStore' },
      target: { name, creationPolicy: 'Owner' },
      data,
    },
  };
  return { object, secretName: name, keys };
}

function secretProviderClass(
  context: SecretMountContext, field: string, secret: CsiSecretMount,
): { object: KubeObject; name: string; files: string[] } {
  const { where } = context;
  const name = emittedName(context, field, secret.name, 'the SecretProviderClass', 'its');
  if (!Object.keys(CSI_REQUIRED_PARAMETERS).includes(secret.provider)) {
    throw new PropsError(where, `${field}.provider ${JSON.stringify(secret.provider)} is not supported. Fix: use vault, aws, azure or gcp.`);
  }
  const required = CSI_REQUIRED_PARAMETERS[secret.provider];
  const parameters: Record<string, string> = { ...csiParameters(where, field, secret) };
  for (const parameter of required) {
    if (typeof parameters[parameter] !== 'string' || parameters[parameter].length === 0) {
      throw new PropsError(where, `${field}.parameters.${parameter} is required by the ${secret.provider} provider. Fix: set parameters: { ${required.map((p) => `${p}: '…'`).join(', ')} }.`);
    }
  }
  if (!Array.isArray(secret.objects) || secret.objects.length === 0) {
    throw new PropsError(where, `${field}.objects must list at least one { fileName, remoteName }. Fix: name the secrets to fetch.`);
  }
  const files: string[] = [];
  secret.objects.forEach((object, i) => {
    const at = `${field}.objects[${i}]`;
    if (!isRecord(object)) throw new PropsError(where, `${at} must be an object { fileName, remoteName }.`);
    checkKnownProps(where, object, CSI_OBJECT_PROP_NAMES, 'CsiSecretObject', `${at}.`);
    checkFileName(where, `${at}.fileName`, object.fileName);
    if (files.includes(object.fileName)) throw new PropsError(where, `${at}.fileName "${object.fileName}" is used twice. Fix: give each object its own file.`);
    files.push(object.fileName);
    if (typeof object.remoteName !== 'string' || object.remoteName.length === 0) {
      throw new PropsError(where, `${at}.remoteName is missing. Fix: name the secret in the store.`);
    }
    // Written into the provider's YAML, so a string now, not a value resolved later.
    for (const [optional, example] of [['key', '"password"'], ['type', '"secretsmanager"']] as const) {
      const value: unknown = object[optional];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw new PropsError(where, `${at}.${optional} ${JSON.stringify(value) ?? String(value)} is not a string. Fix: use ${example}.`);
      }
    }
  });
  Object.assign(parameters, providerObjects(secret.provider, secret.objects));
  const object: KubeObject = {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: objectMetadata(name, context.metadata),
    spec: { provider: secret.provider, parameters },
  };
  return { object, name, files };
}

/**
 * The user's provider parameters: strings (SecretProviderClass `spec.parameters` is a map of strings), without the
 * parameter kubeharden generates from the objects.
 */
function csiParameters(where: string, field: string, secret: CsiSecretMount): Readonly<Record<string, string>> {
  const given: unknown = secret.parameters;
  if (given === undefined || given === null) return {};
  const parameters = given as Record<string, unknown>;
  const generated = secret.provider === 'gcp' ? 'secrets' : 'objects';
  if (Object.keys(parameters).includes(generated)) {
    throw new PropsError(where, `${field}.parameters.${generated} is generated from ${field}.objects. Fix: remove it and list the secrets in objects: [{ fileName, remoteName }].`);
  }
  const quoted = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(String(value)) : 'a string');
  checkPropTypes(where, parameters, Object.fromEntries(Object.keys(parameters).map((key) => [key, aString(quoted(parameters[key]))])), `${field}.parameters.`);
  return parameters as Record<string, string>;
}

/** The provider-specific `objects` (or `secrets`) parameter, as the provider's YAML. */
function providerObjects(provider: SecretsStoreProvider, objects: readonly CsiSecretObject[]): Record<string, string> {
  const q = (value: string) => JSON.stringify(value);
  switch (provider) {
    case 'vault':
      return {
        objects: objects.map((o) => `- objectName: ${q(o.fileName)}\n  secretPath: ${q(o.remoteName)}${o.key !== undefined && o.key !== null ? `\n  secretKey: ${q(o.key)}` : ''}\n`).join(''),
      };
    case 'aws':
      return {
        objects: objects.map((o) => `- objectName: ${q(o.remoteName)}\n  objectType: ${q(o.type ?? 'secretsmanager')}\n  objectAlias: ${q(o.fileName)}\n`).join(''),
      };
    case 'azure':
      return {
        objects: 'array:\n' + objects.map((o) => `  - |\n    objectName: ${q(o.remoteName)}\n    objectType: ${q(o.type ?? 'secret')}\n    objectAlias: ${q(o.fileName)}\n`).join(''),
      };
    case 'gcp':
      return { secrets: objects.map((o) => `- resourceName: ${q(o.remoteName)}\n  path: ${q(o.fileName)}\n`).join('') };
  }
}

function planVault(
  context: SecretMountContext, field: string, secret: VaultAgentMount, mountPath: string,
  plan: { volumes: Volume[]; annotations: Record<string, string> },
): void {
  const { where } = context;
  if (typeof secret.role !== 'string' || secret.role.length === 0) {
    throw new PropsError(where, `${field}.role is missing. Fix: name the Vault Kubernetes-auth role the agent logs in as.`);
  }
  if (secret.subPath !== undefined) {
    throw new PropsError(where, `${field}.subPath is not supported by the Vault Agent. Fix: read the file under ${mountPath}.`);
  }
  if (secret.containers !== undefined) {
    throw new PropsError(where, `${field}.containers is not supported by the Vault Agent, which mounts its files in every container. Fix: remove containers.`);
  }
  if (secret.volumeName !== undefined) {
    throw new PropsError(where, `${field}.volumeName is not supported by the Vault Agent, which names its own volumes. Fix: remove volumeName.`);
  }
  if (!Array.isArray(secret.files) || secret.files.length === 0) {
    throw new PropsError(where, `${field}.files must list at least one { fileName, vaultPath }. Fix: name the files to render.`);
  }
  const tokenVolume = 'vault-agent-token';
  const a = VAULT_ANNOTATION_PREFIX;
  Object.assign(plan.annotations, {
    [`${a}agent-inject`]: 'true',
    [`${a}role`]: secret.role,
    [`${a}agent-run-as-same-user`]: 'true',
    [`${a}agent-service-account-token-volume-name`]: tokenVolume,
    ...(context.runsToCompletion ? { [`${a}agent-pre-populate-only`]: 'true' } : {}),
    ...(mountPath !== VAULT_SECRETS_PATH ? { [`${a}secret-volume-path`]: mountPath } : {}),
  });
  const seen = new Set<string>();
  secret.files.forEach((file, i) => {
    const at = `${field}.files[${i}]`;
    if (isRecord(file)) {
      checkKnownProps(where, file, VAULT_FILE_PROP_NAMES, 'VaultAgentFile', `${at}.`);
      checkPropTypes(where, file, VAULT_FILE_TYPES, `${at}.`);
    }
    if (!isRecord(file) || typeof file.fileName !== 'string' || !VAULT_FILE_NAME.test(file.fileName)) {
      throw new PropsError(where, `${at}.fileName ${JSON.stringify(isRecord(file) ? file.fileName : file)} is not a file name. Fix: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit.`);
    }
    const hasTemplate = file.template !== undefined && file.template !== null;
    const longestKey = hasTemplate ? 'agent-inject-template-' : 'agent-inject-secret-';
    if (longestKey.length + file.fileName.length > MAX_LABEL_LENGTH) {
      throw new PropsError(where, `${at}.fileName "${file.fileName}" is too long (${file.fileName.length} characters): the annotation key ${a}${longestKey}<fileName> allows at most ${MAX_LABEL_LENGTH} characters after the "/". Fix: use a file name of at most ${MAX_LABEL_LENGTH - longestKey.length} characters.`);
    }
    if (seen.has(file.fileName)) throw new PropsError(where, `${at}.fileName "${file.fileName}" is used twice. Fix: give each file its own name.`);
    seen.add(file.fileName);
    if (typeof file.vaultPath !== 'string' || file.vaultPath.length === 0) {
      throw new PropsError(where, `${at}.vaultPath is missing. Fix: name the Vault path to read, e.g. "secret/data/api".`);
    }
    plan.annotations[`${a}agent-inject-secret-${file.fileName}`] = file.vaultPath;
    plan.annotations[`${a}agent-inject-perms-${file.fileName}`] = '0400';
    if (hasTemplate) plan.annotations[`${a}agent-inject-template-${file.fileName}`] = file.template;
  });
  plan.volumes.push({
    name: tokenVolume,
    projected: {
      defaultMode: SECRET_FILE_MODE,
      sources: [{ serviceAccountToken: { path: 'token', audience: secret.tokenAudience ?? 'vault', expirationSeconds: 600 } }],
    },
  });
}

/**
 * The name of an object a secret emits, `<workload>-<name>`. It is also the object's `app.kubernetes.io/name` label,
 * so a name longer than a label value is an error rather than cut short.
 */
function emittedName(context: SecretMountContext, field: string, name: string, objects: string, their: string): string {
  const emitted = `${context.workloadName}-${name}`;
  if (emitted.length > MAX_LABEL_LENGTH) {
    throw new PropsError(context.where, `${field}.name "${name}" is too long for workload "${context.workloadName}": ${objects} would be named "${emitted}" `
      + `(${emitted.length} characters), which is also ${their} ${NAME_LABEL} label, at most ${MAX_LABEL_LENGTH} characters. `
      + `Fix: shorten the workload name or ${field}.name by ${emitted.length - MAX_LABEL_LENGTH} characters.`);
  }
  return emitted;
}

/** `{ [key]: value }`, or nothing when `value` is not set (`undefined` or `null`). */
function ifSet<K extends string, V>(key: K, value: V | undefined | null): Partial<Record<K, V>> {
  return value === undefined || value === null ? {} : ({ [key]: value } as Record<K, V>);
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
