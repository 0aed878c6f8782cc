import { Testing } from 'cdk8s';
import { load } from 'js-yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { RuntimeMonitoring } from '../../src/cdk8s/runtime-monitoring';
import { buildRuntimeMonitoring, RuntimeMonitoringProps } from '../../src/core/build/runtime-monitoring';
import { FALCO_PRIORITIES } from '../../src/runtime';

type Entry = Record<string, any>;

function rulesOf(props: RuntimeMonitoringProps = {}): Entry[] {
  const built = buildRuntimeMonitoring('Chart/runtime', 'runtime', props);
  const yaml = (built.objects[0] as any).data['kubeharden_rules.yaml'] ?? Object.values((built.objects[0] as any).data)[0];
  return load(yaml) as Entry[];
}

const ruleNamed = (entries: Entry[], fragment: string) => entries.find((e) => typeof e.rule === 'string' && e.rule.includes(fragment));

describe('Falco rules', () => {
  const entries = rulesOf({ internalNamespaces: ['payments', 'ledger'], internalPodLabels: { 'example.com/tier': 'internal' } });

  test('the rules file is a YAML list of rule, macro and list entries', () => {
    expect(Array.isArray(entries)).toBe(true);
    for (const entry of entries) {
      const kinds = ['rule', 'macro', 'list'].filter((k) => k in entry);
      expect(kinds).toHaveLength(1);
    }
  });

  test('every rule has desc, condition, output, a known priority and tags', () => {
    const rules = entries.filter((e) => 'rule' in e);
    expect(rules.map((r) => r.rule)).toEqual([
      'Shell spawned in a container (kubeharden)',
      'Write below a system directory in a container (kubeharden)',
      'Read of a sensitive file in a container (kubeharden)',
      'Read of a service-account token in a container (kubeharden)',
      'Unexpected outbound connection from the internal tier (kubeharden)',
    ]);
    for (const rule of rules) {
      expect(Object.keys(rule).sort()).toEqual(['condition', 'desc', 'output', 'priority', 'rule', 'tags']);
      for (const field of ['desc', 'condition', 'output']) expect(typeof rule[field] === 'string' && rule[field].length > 10).toBe(true);
      expect(FALCO_PRIORITIES).toContain(rule.priority);
      expect(rule.tags).toContain('kubeharden');
      expect(rule.output).toMatch(/%k8s\.ns\.name .*%k8s\.pod\.name .*%container\.image\.repository/);
    }
    for (const macro of entries.filter((e) => 'macro' in e)) expect(Object.keys(macro).sort()).toEqual(['condition', 'macro']);
    for (const list of entries.filter((e) => 'list' in e)) {
      expect(Object.keys(list).sort()).toEqual(['items', 'list']);
      expect(list.items.length).toBeGreaterThan(0);
    }
  });

  test('conditions only use lists and macros defined before them, with balanced parentheses', () => {
    const defined = new Set<string>();
    for (const entry of entries) {
      const condition: string | undefined = entry.condition;
      if (condition) {
        let depth = 0;
        for (const char of condition) {
          depth += char === '(' ? 1 : char === ')' ? -1 : 0;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
        for (const name of condition.match(/\bkubeharden_\w+/g) ?? []) expect({ name, defined: defined.has(name) }).toEqual({ name, defined: true });
      }
      defined.add(entry.list ?? entry.macro ?? entry.rule);
    }
    const used = entries.map((e) => e.condition ?? '').join(' ');
    for (const name of entries.filter((e) => e.list || e.macro).map((e) => e.list ?? e.macro)) expect(used).toContain(name);
  });

  test('a shell in a container', () => {
    const rule = ruleNamed(entries, 'Shell spawned')!;
    expect(rule.condition).toBe('kubeharden_spawned_process and kubeharden_container and proc.name in (kubeharden_shell_binaries)');
    expect(entries.find((e) => e.list === 'kubeharden_shell_binaries')!.items).toEqual(expect.arrayContaining(['sh', 'bash', 'ash', 'zsh']));
  });

  test('writes below /etc, /usr and /bin', () => {
    expect(ruleNamed(entries, 'Write below')!.condition).toContain('fd.name pmatch (kubeharden_system_directories)');
    expect(entries.find((e) => e.list === 'kubeharden_system_directories')!.items).toEqual(expect.arrayContaining(['/etc', '/usr', '/bin', '/sbin']));
  });

  test('reads of /etc/shadow and of service-account tokens', () => {
    expect(entries.find((e) => e.list === 'kubeharden_sensitive_files')!.items).toContain('/etc/shadow');
    expect(entries.find((e) => e.list === 'kubeharden_service_account_directories')!.items).toEqual([
      '/var/run/secrets/kubernetes.io/serviceaccount', '/run/secrets/kubernetes.io/serviceaccount',
    ]);
    expect(ruleNamed(entries, 'service-account token')!.condition).toContain('fd.name pmatch (kubeharden_service_account_directories)');
  });

  test('outbound connections from the internal tier, by namespace or pod label, outside the cluster networks', () => {
    expect(entries.find((e) => e.list === 'kubeharden_internal_namespaces')!.items).toEqual(['payments', 'ledger']);
    expect(entries.find((e) => e.macro === 'kubeharden_internal_tier')!.condition)
      .toBe('(k8s.ns.name in (kubeharden_internal_namespaces) or k8s.pod.label[example.com/tier] = "internal")');
    expect(entries.find((e) => e.list === 'kubeharden_cluster_networks')!.items).toEqual(['"10.0.0.0/8"', '"172.16.0.0/12"', '"192.168.0.0/16"']);
    expect(ruleNamed(entries, 'outbound')!.condition).toBe(
      'kubeharden_outbound and kubeharden_container and kubeharden_internal_tier and not fd.snet in (kubeharden_cluster_networks)');
  });

  test('without an internal tier there is no outbound rule', () => {
    const plain = rulesOf();
    expect(ruleNamed(plain, 'outbound')).toBeUndefined();
    expect(plain.find((e) => e.macro === 'kubeharden_internal_tier')).toBeUndefined();
  });

  test('labels only, custom networks, and exceptions for debug images and token readers', () => {
    const custom = rulesOf({
      internalPodLabels: { tier: 'internal' },
      clusterNetworks: ['10.96.0.0/12', '100.64.0.0/10'],
      shellAllowedImages: ['registry.example.com/debug-toolbox'],
      tokenReaders: ['operator'],
    });
    expect(custom.find((e) => e.macro === 'kubeharden_internal_tier')!.condition).toBe('k8s.pod.label[tier] = "internal"');
    expect(custom.find((e) => e.list === 'kubeharden_cluster_networks')!.items).toEqual(['"10.96.0.0/12"', '"100.64.0.0/10"']);
    expect(ruleNamed(custom, 'Shell')!.condition).toMatch(/ and not container\.image\.repository in \(kubeharden_shell_allowed_images\)$/);
    expect(ruleNamed(custom, 'token')!.condition).toMatch(/ and not proc\.name in \(kubeharden_token_readers\)$/);
  });
});

describe('audit policy', () => {
  const built = buildRuntimeMonitoring('Chart/runtime', 'runtime');
  const policy = built.auditPolicy as any;

  /** The level of the first rule matching a request, as the API server picks it. */
  function levelFor(request: { group?: string; resource?: string; verb: string; path?: string }): string {
    for (const rule of policy.rules) {
      if (rule.verbs && !rule.verbs.includes(request.verb)) continue;
      if (rule.nonResourceURLs) {
        if (request.path && rule.nonResourceURLs.some((p: string) => (p.endsWith('*') ? request.path!.startsWith(p.slice(0, -1)) : p === request.path))) return rule.level;
        continue;
      }
      if (rule.resources) {
        if (request.resource && rule.resources.some((r: any) => r.group === (request.group ?? '') && r.resources.includes(request.resource))) return rule.level;
        continue;
      }
      return rule.level;
    }
    return 'None';
  }

  test('is an audit.k8s.io/v1 Policy with rules of known levels, omitting RequestReceived', () => {
    expect(policy.apiVersion).toBe('audit.k8s.io/v1');
    expect(policy.kind).toBe('Policy');
    expect(policy.omitStages).toEqual(['RequestReceived']);
    expect(policy.rules.length).toBeGreaterThan(0);
    for (const rule of policy.rules) expect(['None', 'Metadata', 'Request', 'RequestResponse']).toContain(rule.level);
  });

  test.each(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'])('secrets are logged at Metadata only (%s)', (verb) => {
    expect(levelFor({ resource: 'secrets', verb })).toBe('Metadata');
    expect(levelFor({ resource: 'configmaps', verb })).toBe('Metadata');
  });

  test('no rule ever logs Secret bodies', () => {
    for (const rule of policy.rules) {
      const secrets = (rule.resources ?? []).some((r: any) => r.group === '' && r.resources.includes('secrets'));
      if (secrets) expect(rule.level).toBe('Metadata');
    }
  });

  test.each(['pods/exec', 'pods/attach', 'pods/portforward', 'pods/ephemeralcontainers'])('%s is logged at RequestResponse', (resource) => {
    expect(levelFor({ resource, verb: 'create' })).toBe('RequestResponse');
    expect(levelFor({ resource, verb: 'get' })).toBe('RequestResponse');
  });

  test('RBAC writes at RequestResponse, health checks and events not at all, the rest at Metadata', () => {
    expect(levelFor({ group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'create' })).toBe('RequestResponse');
    expect(levelFor({ group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'get' })).toBe('Metadata');
    expect(levelFor({ path: '/healthz/etcd', verb: 'get' })).toBe('None');
    expect(levelFor({ resource: 'events', verb: 'create' })).toBe('None');
    expect(levelFor({ group: 'apps', resource: 'deployments', verb: 'update' })).toBe('Metadata');
  });

  test('exec at Metadata and nothing else logged, when asked', () => {
    const quiet = buildRuntimeMonitoring('c', 'r', { execAuditLevel: 'Metadata', defaultAuditLevel: 'None' }).auditPolicy as any;
    expect(quiet.rules.find((r: any) => r.resources?.[0]?.resources.includes('pods/exec')).level).toBe('Metadata');
    expect(quiet.rules[quiet.rules.length - 1]).toEqual({ level: 'None' });
  });

  test('the ConfigMap carries the same policy as YAML', () => {
    const configMap = built.objects[1] as any;
    expect(configMap.metadata).toMatchObject({ name: 'runtime-audit-policy', namespace: 'kube-system' });
    expect(load(configMap.data['audit-policy.yaml'])).toEqual(policy);
    expect(load(built.auditPolicyYaml)).toEqual(policy);
  });
});

describe('RuntimeMonitoring construct', () => {
  test('synthesizes the rules ConfigMap and the audit policy ConfigMap, both valid ConfigMaps', () => {
    const chart = Testing.chart();
    const monitoring = new RuntimeMonitoring(chart, 'runtime', { internalNamespaces: ['payments'] });
    const manifest = Testing.synth(chart);
    expect(manifest.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ConfigMap/falco/runtime-falco-rules', 'ConfigMap/kube-system/runtime-audit-policy',
    ]);
    for (const object of manifest) expect(() => new ConfigMap(object).validate()).not.toThrow();
    expect(manifest[0].data['kubeharden_rules.yaml']).toBe(monitoring.falcoRulesYaml);
    expect(monitoring.falcoHelmValues).toEqual({ customRules: { 'kubeharden_rules.yaml': monitoring.falcoRulesYaml } });
    expect(monitoring.auditPolicy.kind).toBe('Policy');
    expect(manifest.some((o) => o.kind === 'Policy')).toBe(false);
  });

  test('custom namespaces and file name; no audit ConfigMap when disabled', () => {
    const chart = Testing.chart();
    const monitoring = new RuntimeMonitoring(chart, 'rt', {
      name: 'security', falcoNamespace: 'monitoring', rulesFileName: 'zz_kubeharden.yaml', auditPolicyConfigMap: false,
    });
    const manifest = Testing.synth(chart);
    expect(manifest).toHaveLength(1);
    expect(manifest[0].metadata).toMatchObject({ name: 'security-falco-rules', namespace: 'monitoring' });
    expect(Object.keys(manifest[0].data)).toEqual(['zz_kubeharden.yaml']);
    expect(monitoring.auditPolicyConfigMap).toBeUndefined();
  });

  test.each([
    [{ falcoNamespace: 'Falco' }, '[Chart/runtime] falcoNamespace "Falco" is not a namespace name.'],
    [{ internalNamespaces: ['ok', 'not ok'] }, '[Chart/runtime] internalNamespaces[1] "not ok" is not a namespace name.'],
    [{ internalPodLabels: { 'tier) or (true': 'x' } }, '[Chart/runtime] internalPodLabels key "tier) or (true" is not a label key.'],
    [{ internalPodLabels: { tier: 'a b' } }, '[Chart/runtime] internalPodLabels["tier"] "a b" is not a label value.'],
    [{ clusterNetworks: [] }, '[Chart/runtime] clusterNetworks is empty.'],
    [{ clusterNetworks: ['10.0.0.0/33'] }, '[Chart/runtime] clusterNetworks[0] "10.0.0.0/33" is not an IPv4 CIDR.'],
    [{ shellAllowedImages: ['x) or (y'] }, '[Chart/runtime] shellAllowedImages[0] "x) or (y" is invalid.'],
    [{ tokenReaders: [''] }, '[Chart/runtime] tokenReaders[0] "" is invalid.'],
    [{ rulesFileName: '../rules.yaml' }, '[Chart/runtime] rulesFileName "../rules.yaml" is not a YAML file name.'],
    [{ execAuditLevel: 'Request' }, '[Chart/runtime] execAuditLevel "Request" is invalid.'],
    [{ defaultAuditLevel: 'RequestResponse' }, '[Chart/runtime] defaultAuditLevel "RequestResponse" is invalid.'],
  ])('rejects %j', (props, message) => {
    expect(() => buildRuntimeMonitoring('Chart/runtime', 'runtime', props as never)).toThrow(message);
  });
});
