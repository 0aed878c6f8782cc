import { Chart, Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedDeployment, HardenedStatefulSet, IsolatedNetwork } from '../../src/cdk8s';
import { buildIsolatedNetwork } from '../../src/core/build/isolated-network';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};
const podsOf = (name: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } });
const policy = (manifest: any[], name: string) => manifest.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name);

/** The guide's three tiers: frontend → api on 8080, api → database on 5432, frontend reachable from the ingress controller. */
function guideApp(chart: Chart) {
  const frontend = new HardenedDeployment(chart, 'frontend', { image: PINNED_IMAGE, port: 8080 });
  const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
  const database = new HardenedStatefulSet(chart, 'database', { image: PINNED_IMAGE, ports: [{ port: 5432, name: 'postgres' }] });
  const network = new IsolatedNetwork(chart, 'shop', {
    members: [frontend, api],
    tiers: [{ name: 'data', members: [database], internal: true }],
    allow: [{ from: frontend, to: api, ports: [8080] }, { from: api, to: database, ports: [5432] }],
    ingressFrom: [{ namespace: 'ingress-nginx', to: frontend, ports: [8080] }],
  });
  return { frontend, api, database, network };
}

describe('IsolatedNetwork, the guide\'s example', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  const { network } = guideApp(chart);
  const manifest = Testing.synth(chart);
  const networkPolicies = manifest.filter((o) => o.metadata.name.startsWith('shop-'));

  test('matches the snapshot', () => {
    expect(networkPolicies).toMatchSnapshot();
  });

  test('emits one NetworkPolicy per member, tier members first, each with explicit policyTypes', () => {
    expect(network.members).toEqual(['database', 'frontend', 'api']);
    expect(networkPolicies.map((o) => [o.apiVersion, o.kind, o.metadata.name, o.spec.policyTypes])).toEqual([
      ['networking.k8s.io/v1', 'NetworkPolicy', 'shop-database', ['Ingress', 'Egress']],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'shop-frontend', ['Ingress', 'Egress']],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'shop-api', ['Ingress', 'Egress']],
    ]);
  });

  test('api: ingress from frontend on 8080, egress to database on 5432 (and DNS), nothing else', () => {
    expect(policy(manifest, 'shop-api').spec).toEqual({
      podSelector: podsOf('api').podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [podsOf('frontend')], ports: [{ protocol: 'TCP', port: 8080 }] }],
      egress: [DNS, { to: [podsOf('database')], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
  });

  test('frontend: ingress only from the ingress controller\'s namespace on 8080, egress to api on 8080', () => {
    expect(policy(manifest, 'shop-frontend').spec).toEqual({
      podSelector: podsOf('frontend').podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: {} }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
      egress: [DNS, { to: [podsOf('api')], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });

  test('database, in an internal tier: its tier and api on 5432 in, only its tier out (no egress outside the cluster)', () => {
    const tier = { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['database'] }] } };
    expect(policy(manifest, 'shop-database').spec).toEqual({
      podSelector: podsOf('database').podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [tier] }, { from: [podsOf('api')], ports: [{ protocol: 'TCP', port: 5432 }] }],
      egress: [DNS, { to: [tier] }],
    });
    expect(JSON.stringify(policy(manifest, 'shop-database').spec)).not.toContain('ipBlock');
  });

  test('the policies are in the chart\'s namespace and valid against the Kubernetes schema', () => {
    expect(networkPolicies.every((o) => o.metadata.namespace === 'shop')).toBe(true);
    expect(networkPolicies.flatMap(schemaProblems)).toEqual([]);
  });

  test('the whole application audits clean', () => {
    expect(audit(manifest).findings).toEqual([]);
  });

  test('members may be given by name, with the same result', () => {
    const byName = buildIsolatedNetwork('net', 'shop', {
      namespace: 'shop',
      members: ['frontend', 'api'],
      tiers: [{ name: 'data', members: ['database'], internal: true }],
      allow: [{ from: 'frontend', to: 'api', ports: [8080] }, { from: 'api', to: 'database', ports: [5432] }],
      ingressFrom: [{ namespace: 'ingress-nginx', to: 'frontend', ports: [8080] }],
    });
    expect(byName.objects).toEqual(networkPolicies);
  });
});

describe('IsolatedNetwork, tiers', () => {
  const { objects } = buildIsolatedNetwork('net', 'backend', {
    tiers: [
      { name: 'web', members: ['frontend', 'api'] },
      { name: 'jobs', members: ['worker'], externalPorts: [443, 8443] },
    ],
  });
  const byName = (name: string) => objects.find((o) => o.metadata?.name === name) as any;

  test('members of a tier may talk to each other on any port', () => {
    const web = { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['frontend', 'api'] }] } };
    expect(byName('backend-frontend').spec.ingress).toEqual([{ from: [web] }]);
    expect(byName('backend-api').spec.egress[1]).toEqual({ to: [web] });
  });

  test('a non-internal tier may reach outside the cluster on its external ports, never the cluster\'s private ranges or the metadata endpoint', () => {
    expect(byName('backend-worker').spec.egress[2]).toEqual({
      to: [
        { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'] } },
        { ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10'] } },
      ],
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8443 }],
    });
    expect(byName('backend-frontend').spec.egress[2].ports).toEqual([{ protocol: 'TCP', port: 443 }]);
  });

  test('a member isolated from everything still gets a policy (DNS only)', () => {
    const alone = buildIsolatedNetwork('net', 'n', { members: ['batch'] }).objects[0] as any;
    expect(alone.spec).toEqual({ podSelector: podsOf('batch').podSelector, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [DNS] });
  });

  test('egress to a named namespace or CIDR', () => {
    const { objects: [api] } = buildIsolatedNetwork('net', 'n', {
      members: ['api'],
      egressTo: [{ from: 'api', namespace: 'payments', ports: [9000] }, { from: 'api', cidr: '203.0.113.0/24', ports: [443] }],
    }) as any;
    expect(api.spec.egress.slice(1)).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } }, podSelector: {} }], ports: [{ protocol: 'TCP', port: 9000 }] },
      { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });
});

describe('IsolatedNetwork, bad props', () => {
  test.each([
    [{ members: ['api'], allow: [{ from: 'api', to: 'database', ports: [5432] }] },
      '[test/net] allow[0].to names "database", which is not a member of network "net". Fix: add "database" to members (or to a tier), or correct the name.'],
    [{ members: ['api', 'api'] }, '[test/net] members[1] "api" is listed twice. Fix: list each member once.'],
    [{ tiers: [{ name: 'web', members: ['api'] }], members: ['api'] },
      '[test/net] members[0] "api" is already a member of tier "web". Fix: list it once; tier members need not be repeated in members.'],
    [{ tiers: [{ name: 'web', members: ['a'] }, { name: 'web', members: ['b'] }] }, '[test/net] tier name "web" is used twice. Fix: give each tier a unique name.'],
    [{ tiers: [{ name: 'web', members: ['a', 'a'] }] }, '[test/net] tiers[0].members[1] "a" is listed twice in tier "web". Fix: list each member once.'],
    [{ tiers: [{ name: 'web', members: [] }] }, '[test/net] tiers[0] ("web") has no members. Fix: list the workloads of the tier.'],
    [{}, '[test/net] the network has no members. Fix: list workloads in members or tiers.'],
    [undefined, '[test/net] props must be an object such as { tiers: [...], allow: [...] }.'],
    [['api'], '[test/net] props must be an object such as { tiers: [...], allow: [...] }.'],
    [{ members: ['Api'] }, '[test/net] members[0] "Api" is not a workload name. Fix: use the workload\'s name (its pods\' app.kubernetes.io/name label).'],
    [{ members: ['a', 'b'], allow: [{ from: 'a', to: 'b', ports: [] }] }, '[test/net] allow[0] has no ports. Fix: list the destination ports, e.g. ports: [8080].'],
    [{ members: ['a', 'b'], allow: [{ from: 'a', to: 'b', ports: [0] }] },
      '[test/net] allow[0].ports includes 0, which is not a port number. Fix: use integers from 1 to 65535.'],
    [{ members: ['web'], ingressFrom: [{ to: 'web', ports: [8080] }] },
      '[test/net] ingressFrom[0] does not name the namespace or cidr the traffic comes from. Fix: set namespace (e.g. \'ingress-nginx\'), namespaceLabels or cidr.'],
    [{ members: ['web'], ingressFrom: [{ namespace: 'ingress-nginx', to: 'api', ports: [8080] }] },
      '[test/net] ingressFrom[0].to names "api", which is not a member of network "net". Fix: add "api" to members (or to a tier), or correct the name.'],
    [{ members: ['a', 'b'], allow: [{ from: 'a', to: 'b', ports: '5432' }] },
      '[test/net] allow[0].ports "5432" is not a list of port numbers. Fix: use a list such as [8080].'],
    [{ tiers: [{ name: 'web', members: 'api' }] }, '[test/net] tiers[0].members "api" is not a list. Fix: use ["api", "worker"].'],
    [{ tiers: [{ name: 'data', members: ['db'], internal: 'false' }] }, '[test/net] tiers[0].internal "false" is not true or false. Fix: use true or false.'],
    [{ tiers: [{ name: 'data', members: ['db'], internal: true }, { name: 'web', members: ['api', 'db'] }] },
      '[test/net] tiers[1] ("web") lets "db" reach outside the cluster, but "db" is also a member of the internal tier "data", which never leaves it. '
      + 'Fix: make "web" internal too, or take "db" out of one of them.'],
    [{ members: ['api'], clusterCidrs: ['0.0.0.0/0'] },
      '[test/net] clusterCidrs[0] "0.0.0.0/0" holds every address, so nothing would be outside the cluster. Fix: list the pod, service and node ranges of the cluster.'],
    [{ members: ['api'], clusterCidrs: [':::::/64'] }, '[test/net] clusterCidrs[0] ":::::/64" is not a CIDR. Fix: use a block such as "10.0.0.0/8" or "fc00::/7".'],
    [{ members: ['api'], egressTo: [{ from: 'api', cidr: '10.0.0.0/8', except: ['192.168.0.0/16'], ports: [443] }] },
      '[test/net] egressTo[0].except entry "192.168.0.0/16" is not inside cidr "10.0.0.0/8" (the API server requires a strict subset). '
      + 'Fix: except only blocks smaller than cidr and within it.'],
    [{ members: ['api'], egressTo: [{ from: 'api', cidr: '10.0.0.0/8', except: ['10.0.0.0/8'], ports: [443] }] },
      '[test/net] egressTo[0].except entry "10.0.0.0/8" is not inside cidr "10.0.0.0/8" (the API server requires a strict subset). '
      + 'Fix: except only blocks smaller than cidr and within it.'],
    [{ members: ['api'], egressTo: [{ from: 'api', namespace: 'shop', except: ['10.0.0.0/8'], ports: [443] }] },
      '[test/net] egressTo[0].except applies only to a cidr peer. Fix: remove it, or use a separate peer { cidr, except }.'],
  ])('%j', (props, message) => {
    expect(() => new IsolatedNetwork(Testing.chart(), 'net', props as any)).toThrow(exactly(message));
  });

  test('an allow naming a member of another network says which network it belongs to', () => {
    const chart = Testing.chart();
    const db = new HardenedStatefulSet(chart, 'database', { image: PINNED_IMAGE, port: 5432 });
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    new IsolatedNetwork(chart, 'data', { members: [db] });
    expect(() => new IsolatedNetwork(chart, 'web', { members: [api], allow: [{ from: api, to: db, ports: [5432] }] })).toThrow(exactly(
      '[test/web] allow[0].to names "database", a member of network "data", not of network "web". '
      + 'Fix: make both workloads members of one network (a workload may belong to several), or remove the allow.',
    ));
  });

  test('a member construct in another namespace is an error', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, namespace: 'other' });
    expect(() => new IsolatedNetwork(chart, 'net', { members: [api] })).toThrow(exactly(
      '[test/net] member "api" is in namespace "other", not in the network\'s namespace "shop". Fix: create the network in "other", or move the workload.',
    ));
  });

  test('an allow or an ingress to a port the member construct does not listen on is an error', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    const web = new HardenedDeployment(chart, 'web', { image: PINNED_IMAGE, port: 8080 });
    expect(() => new IsolatedNetwork(chart, 'net', { members: [web, api], allow: [{ from: web, to: api, ports: [9090] }] })).toThrow(exactly(
      '[test/net] allow[0].ports includes 9090/TCP, which "api" does not listen on. Fix: use one of 8080/TCP.'));
    expect(() => new IsolatedNetwork(chart, 'udp', { members: [web, api], allow: [{ from: web, to: api, ports: [8080], protocol: 'UDP' }] })).toThrow(exactly(
      '[test/udp] allow[0].ports includes 8080/UDP, which "api" does not listen on. Fix: use one of 8080/TCP.'));
    expect(() => new IsolatedNetwork(chart, 'edge', { members: [api], ingressFrom: [{ namespace: 'ingress-nginx', to: api, ports: [80] }] })).toThrow(exactly(
      '[test/edge] ingressFrom[0].ports includes 80/TCP, which "api" does not listen on. Fix: use one of 8080/TCP.'));
    // By name, the chart's workload of that name in the network's namespace is the member.
    expect(() => new IsolatedNetwork(chart, 'named', { members: ['web', 'api'], allow: [{ from: 'web', to: 'api', ports: [9090] }] })).toThrow(exactly(
      '[test/named] allow[0].ports includes 9090/TCP, which "api" does not listen on. Fix: use one of 8080/TCP.'));
    // A name no workload of the chart has (one kubeharden did not write) stands as written; so does one in another namespace.
    expect(() => new IsolatedNetwork(chart, 'external', { members: ['web', 'legacy'], allow: [{ from: 'web', to: 'legacy', ports: [9090] }] })).not.toThrow();
    expect(() => new IsolatedNetwork(chart, 'elsewhere', { namespace: 'other', members: ['web', 'api'], allow: [{ from: 'web', to: 'api', ports: [9090] }] })).not.toThrow();
  });

  test('a member construct with a namespace needs the network in it: without one, the policies would select nothing there', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, namespace: 'shop' });
    expect(() => new IsolatedNetwork(chart, 'net', { members: [api] })).toThrow(exactly(
      '[test/net] member "api" is in namespace "shop", but the network sets no namespace, so its policies would land wherever they are applied and may select nothing. Fix: set namespace: \'shop\' on the network (or on its chart).',
    ));
    expect(new IsolatedNetwork(chart, 'in-shop', { namespace: 'shop', members: [api] }).policies.get('api')!.metadata.namespace).toBe('shop');
  });
});
