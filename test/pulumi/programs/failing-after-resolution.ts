/**
 * A Pulumi program whose components fail only once their Inputs resolve (or once the transforms given to them
 * run), run under the mocks in its own process: like the Pulumi CLI, it collects the unhandled errors, then
 * prints each once as JSON `{ message, resource }`, `resource` naming the component and the child blamed.
 */
import * as pulumi from '@pulumi/pulumi';
import { HardenedDeployment, IsolatedNetwork } from '../../../src/pulumi';
import { PINNED_IMAGE } from '../../fixtures';

const errors = new Set<unknown>();
process.on('unhandledRejection', (reason) => errors.add(reason));
void pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, 'project', 'stack', false);

const privileged: pulumi.ResourceTransform = (args) => {
  if (args.type !== 'kubernetes:apps/v1:Deployment') return undefined;
  const props = JSON.parse(JSON.stringify(args.props));
  props.spec.template.spec.containers[0].securityContext.privileged = true;
  return { props, opts: args.opts };
};
const protect: pulumi.ResourceTransform = (args) => ({ props: args.props, opts: { ...args.opts, protect: true } });
const addField: pulumi.ResourceTransform = (args) => ({ props: { ...args.props, data: { extra: 'x' } }, opts: args.opts });

const components = [
  new HardenedDeployment('late', { image: pulumi.output('registry.example.com/team/app:1.0.0'), port: 8080 }),
  new HardenedDeployment('garbled', { image: pulumi.output('not an image'), port: 8080 }),
  new HardenedDeployment('patched', { image: PINNED_IMAGE, port: 8080 }, { transforms: [privileged] }),
  new HardenedDeployment('protected', { image: PINNED_IMAGE, port: 8080 }, { transforms: [protect] }),
  new HardenedDeployment('extended', { image: PINNED_IMAGE, port: 8080 }, { transforms: [addField] }),
  // Planned with an existing ServiceAccount, resolved to none: the component would need a ServiceAccount it did not plan.
  new HardenedDeployment('unplanned', { image: PINNED_IMAGE, port: 8080, serviceAccountName: pulumi.output(undefined) as any }),
];

// Members in another namespace than their network's, known only once an Output namespace resolves.
const inOther = new HardenedDeployment('in-other', { image: PINNED_IMAGE, port: 8080, namespace: 'other' });
const laterInOther = new HardenedDeployment('later-in-other', { image: PINNED_IMAGE, port: 8080, namespace: pulumi.output('other') });
const networks = [
  new IsolatedNetwork('late-network', { namespace: pulumi.output('shop'), members: [inOther] }),
  new IsolatedNetwork('plain-network', { namespace: 'shop', members: [laterInOther] }),
];

/** `<component>` or `<component>/<kind of the child>` for the resource an error is attached to. */
function blamed(resource: unknown): string | undefined {
  for (const network of networks) {
    if (resource === network) return network.name;
    if (network.resources.includes(resource as pulumi.CustomResource)) return `${network.name}/NetworkPolicy`;
  }
  for (const component of components) {
    if (resource === component) return component.name;
    const child = component.resources.find((r) => r === resource);
    if (child) return `${component.name}/${kindOf(component, child)}`;
  }
  return undefined;
}

function kindOf(component: HardenedDeployment, child: pulumi.Resource): string {
  const named: Array<[string, pulumi.Resource | undefined]> = [
    ['ServiceAccount', component.serviceAccount], ['Deployment', component.deployment], ['Service', component.service],
    ['NetworkPolicy', component.networkPolicy], ['PodDisruptionBudget', component.podDisruptionBudget],
  ];
  return named.find(([, resource]) => resource === child)?.[0] ?? 'unknown';
}

process.once('beforeExit', () => {
  const report = [...errors].map((e) => ({
    type: e instanceof pulumi.ResourceError ? 'ResourceError' : (e as Error).name,
    message: (e as Error).message,
    resource: e instanceof pulumi.ResourceError ? blamed(e.resource) : undefined,
  }));
  process.stdout.write(`${JSON.stringify(report)}\n`);
});
