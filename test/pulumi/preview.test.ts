/**
 * During `pulumi preview`, Inputs that come from resources not created yet are unknown: the components still
 * create every child (their inputs unknown until the values are), and fail nothing they cannot decide.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { HardenedDeployment, IsolatedNetwork } from '../../src/pulumi';

const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
void pulumi.runtime.setMocks({
  newResource: (args) => {
    registered.push({ type: args.type, name: args.name, inputs: args.inputs });
    // Like a preview of a create: outputs the program did not set (here, ConfigMap `immutable`) are unknown.
    return { id: args.name, state: args.inputs };
  },
  call: (args) => args.inputs,
}, 'project', 'stack', true);

test('creates every child from plain props while the image is unknown', async () => {
  const configMap = new k8s.core.v1.ConfigMap('build-output', { metadata: { name: 'build-output' }, data: {} });
  const unknown = configMap.immutable.apply((value) => String(value));
  const image = pulumi.interpolate`registry.example.com/team/app@sha256:${unknown}`;
  const api = new HardenedDeployment('api', { image, port: 8080 });
  const network = new IsolatedNetwork('net', { namespace: unknown, members: [api] });
  await new Promise((resolve) => pulumi.all([...api.resources, ...network.resources].map((r) => r.urn)).apply(resolve));
  expect(registered.filter((r) => r.type.startsWith('kubernetes:') && r.name !== 'build-output').map((r) => `${r.type}::${r.name}`).sort()).toEqual([
    'kubernetes:apps/v1:Deployment::api',
    'kubernetes:core/v1:Service::api',
    'kubernetes:core/v1:ServiceAccount::api',
    'kubernetes:networking.k8s.io/v1:NetworkPolicy::api',
    'kubernetes:networking.k8s.io/v1:NetworkPolicy::net-api',
    'kubernetes:policy/v1:PodDisruptionBudget::api',
  ]);
  const deployment = registered.find((r) => r.type === 'kubernetes:apps/v1:Deployment')!;
  expect(deployment.inputs).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: pulumi.unknown, spec: pulumi.unknown });
});
