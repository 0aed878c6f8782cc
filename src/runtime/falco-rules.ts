/**
 * Falco rules for the runtime threats the guide names: a shell in a container, writes below system directories,
 * outbound connections from the internal tier, and reads of sensitive files and service-account tokens. The rules
 * are self-contained (their own lists and macros, prefixed `kubeharden_`), so they load with or without Falco's
 * default rules file.
 */
import { dump } from 'js-yaml';

/** Falco's rule priorities, from the most to the least severe. */
export const FALCO_PRIORITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'] as const;

/** A Falco rule priority. */
export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

/** A `- list:` entry. */
export interface FalcoList {
  readonly list: string;
  readonly items: readonly string[];
}

/** A `- macro:` entry. */
export interface FalcoMacro {
  readonly macro: string;
  readonly condition: string;
}

/** A `- rule:` entry. */
export interface FalcoRule {
  readonly rule: string;
  readonly desc: string;
  readonly condition: string;
  readonly output: string;
  readonly priority: FalcoPriority;
  readonly tags: readonly string[];
}

/** One entry of a Falco rules file. */
export type FalcoEntry = FalcoList | FalcoMacro | FalcoRule;

/** What the rules watch, beyond their fixed parts. */
export interface FalcoRulesOptions {
  /** Namespaces of the internal tier, whose pods must not connect outside `clusterNetworks`. */
  readonly internalNamespaces: readonly string[];
  /** Pod labels that mark the internal tier (any one of them). */
  readonly internalPodLabels: Readonly<Record<string, string>>;
  /** CIDRs the internal tier may reach (the cluster's pod, service and node networks). */
  readonly clusterNetworks: readonly string[];
  /** Image repositories allowed to start shells (e.g. a debug toolbox). */
  readonly shellAllowedImages: readonly string[];
  /** Process names allowed to read the service-account token (e.g. an operator's binary). */
  readonly tokenReaders: readonly string[];
}

/** The tag every kubeharden Falco rule carries, to select or disable them together. */
export const FALCO_TAG = 'kubeharden';

/** Shells an attacker starts; Falco's own list, plus busybox. */
const SHELLS = ['ash', 'bash', 'csh', 'ksh', 'sh', 'tcsh', 'zsh', 'dash', 'fish', 'busybox'];

/** Directories whose content belongs to the image: writing there means tampering (`pmatch` matches whole path components). */
const SYSTEM_DIRECTORIES = ['/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot', '/root/.ssh'];

/** Files holding credentials of the system. */
const SENSITIVE_FILES = ['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/gshadow-', '/etc/sudoers', '/etc/pam.conf', '/etc/security/opasswd'];

/** Directories holding credentials of the system. */
const SENSITIVE_DIRECTORIES = ['/etc/sudoers.d', '/etc/pam.d', '/root/.ssh', '/etc/ssh'];

/** Where Kubernetes mounts service-account tokens. */
const SERVICE_ACCOUNT_DIRECTORIES = ['/var/run/secrets/kubernetes.io/serviceaccount', '/run/secrets/kubernetes.io/serviceaccount'];

/** Falco fields that identify the workload in every output. */
const WORKLOAD_OUTPUT = 'k8s_ns=%k8s.ns.name k8s_pod=%k8s.pod.name container=%container.name image=%container.image.repository '
  + 'container_id=%container.id user=%user.name uid=%user.uid';

/** A Falco list of IP networks, each item quoted as Falco expects (`'"10.0.0.0/8"'`). */
function networkItems(cidrs: readonly string[]): string[] {
  return cidrs.map((cidr) => `"${cidr}"`);
}

/** `(a or b or …)` over conditions. */
function anyOf(conditions: readonly string[]): string {
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(' or ')})`;
}

/** The rules file's entries: lists and macros first, then the rules that use them. */
export function falcoRules(options: FalcoRulesOptions): FalcoEntry[] {
  const entries: FalcoEntry[] = [
    { list: 'kubeharden_shell_binaries', items: SHELLS },
    { list: 'kubeharden_system_directories', items: SYSTEM_DIRECTORIES },
    { list: 'kubeharden_sensitive_files', items: SENSITIVE_FILES },
    { list: 'kubeharden_sensitive_directories', items: SENSITIVE_DIRECTORIES },
    { list: 'kubeharden_service_account_directories', items: SERVICE_ACCOUNT_DIRECTORIES },
    { macro: 'kubeharden_container', condition: 'container.id != host' },
    { macro: 'kubeharden_spawned_process', condition: 'evt.type in (execve, execveat) and evt.dir = <' },
    { macro: 'kubeharden_open_write', condition: 'evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = \'f\' and fd.num >= 0' },
    { macro: 'kubeharden_open_read', condition: 'evt.type in (open, openat, openat2) and evt.is_open_read = true and fd.typechar = \'f\' and fd.num >= 0' },
  ];
  const shellExceptions = options.shellAllowedImages.length > 0
    ? [{ list: 'kubeharden_shell_allowed_images', items: options.shellAllowedImages } as FalcoList]
    : [];
  const tokenExceptions = options.tokenReaders.length > 0 ? [{ list: 'kubeharden_token_readers', items: options.tokenReaders } as FalcoList] : [];
  entries.push(...shellExceptions, ...tokenExceptions);

  entries.push({
    rule: 'Shell spawned in a container (kubeharden)',
    desc: 'A shell started inside a container. Hardened images have no shell and nothing should start one: it is an attacker, or someone '
      + 'debugging by hand in production.',
    condition: 'kubeharden_spawned_process and kubeharden_container and proc.name in (kubeharden_shell_binaries)'
      + (shellExceptions.length > 0 ? ' and not container.image.repository in (kubeharden_shell_allowed_images)' : ''),
    output: `Shell spawned in a container (shell=%proc.name cmdline=%proc.cmdline parent=%proc.pname terminal=%proc.tty ${WORKLOAD_OUTPUT})`,
    priority: 'WARNING',
    tags: ['container', 'shell', 'process', 'mitre_execution', 'T1059', FALCO_TAG],
  });
  entries.push({
    rule: 'Write below a system directory in a container (kubeharden)',
    desc: 'A process in a container opened a file for writing below /etc, /usr, /bin, /sbin, /lib or /boot: the image is being tampered '
      + 'with (a read-only root filesystem makes the write fail, but the attempt is the signal).',
    condition: 'kubeharden_open_write and kubeharden_container and fd.name pmatch (kubeharden_system_directories)',
    output: `File below a system directory opened for writing (file=%fd.name process=%proc.name cmdline=%proc.cmdline ${WORKLOAD_OUTPUT})`,
    priority: 'ERROR',
    tags: ['container', 'filesystem', 'mitre_persistence', 'T1543', FALCO_TAG],
  });
  entries.push({
    rule: 'Read of a sensitive file in a container (kubeharden)',
    desc: 'A process in a container read password hashes, sudo or PAM configuration or SSH keys.',
    condition: 'kubeharden_open_read and kubeharden_container '
      + 'and (fd.name in (kubeharden_sensitive_files) or fd.name pmatch (kubeharden_sensitive_directories))',
    output: `Sensitive file opened for reading (file=%fd.name process=%proc.name cmdline=%proc.cmdline ${WORKLOAD_OUTPUT})`,
    priority: 'WARNING',
    tags: ['container', 'filesystem', 'mitre_credential_access', 'T1003', FALCO_TAG],
  });
  entries.push({
    rule: 'Read of a service-account token in a container (kubeharden)',
    desc: 'A process in a container read its Kubernetes service-account token. kubeharden workloads do not mount one; a read means the token '
      + 'was mounted and something is collecting credentials to reach the API server.',
    condition: 'kubeharden_open_read and kubeharden_container and fd.name pmatch (kubeharden_service_account_directories)'
      + (tokenExceptions.length > 0 ? ' and not proc.name in (kubeharden_token_readers)' : ''),
    output: `Service-account token read (file=%fd.name process=%proc.name cmdline=%proc.cmdline ${WORKLOAD_OUTPUT})`,
    priority: 'NOTICE',
    tags: ['container', 'k8s', 'mitre_credential_access', 'T1528', FALCO_TAG],
  });

  const tier = [
    ...(options.internalNamespaces.length > 0 ? ['k8s.ns.name in (kubeharden_internal_namespaces)'] : []),
    ...Object.entries(options.internalPodLabels).map(([key, value]) => `k8s.pod.label[${key}] = "${value}"`),
  ];
  if (tier.length > 0) {
    if (options.internalNamespaces.length > 0) entries.push({ list: 'kubeharden_internal_namespaces', items: options.internalNamespaces });
    entries.push(
      { list: 'kubeharden_cluster_networks', items: networkItems(options.clusterNetworks) },
      { macro: 'kubeharden_internal_tier', condition: anyOf(tier) },
      {
        macro: 'kubeharden_outbound',
        condition: '((evt.type = connect and evt.dir = <) or (evt.type in (sendto, sendmsg) and evt.dir = < and fd.l4proto != tcp '
          + 'and fd.connected = false and fd.name_changed = true)) and (fd.typechar = 4 or fd.typechar = 6) '
          + 'and fd.ip != "0.0.0.0" and fd.net != "127.0.0.0/8" and (evt.rawres >= 0 or evt.res = EINPROGRESS)',
      },
      {
        rule: 'Unexpected outbound connection from the internal tier (kubeharden)',
        desc: 'A pod of the internal tier connected outside the cluster networks. The internal tier has no egress to the internet; '
          + 'a connection out is exfiltration or command and control (or a NetworkPolicy gap).',
        condition: 'kubeharden_outbound and kubeharden_container and kubeharden_internal_tier and not fd.snet in (kubeharden_cluster_networks)',
        output: `Outbound connection from the internal tier (connection=%fd.name destination=%fd.sip:%fd.sport process=%proc.name ${WORKLOAD_OUTPUT})`,
        priority: 'WARNING',
        tags: ['container', 'network', 'mitre_exfiltration', 'mitre_command_and_control', 'T1041', FALCO_TAG],
      },
    );
  }
  return entries;
}

/** The entries as a Falco rules file (a YAML list, like `falco_rules.local.yaml`). */
export function falcoRulesYaml(entries: readonly FalcoEntry[]): string {
  return '# Falco rules generated by kubeharden. Load after (or without) falco_rules.yaml.\n'
    + dump(entries, { lineWidth: -1, noRefs: true, sortKeys: false });
}
