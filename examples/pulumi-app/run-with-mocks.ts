/**
 * Runs the Pulumi example under Pulumi's mocks (no CLI, no cluster, no provider plugin) and writes the inputs of
 * every Kubernetes resource it registers, as YAML, to dist/example-pulumi/shop.yaml.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import * as pulumi from '@pulumi/pulumi';
import { dump } from 'js-yaml';
import { kubernetesTypeMeta } from '../../src/pulumi';

/** The inputs each resource was registered with, by `<type>::<name>`. */
const registered = new Map<string, Record<string, unknown>>();
void pulumi.runtime.setMocks({
  newResource: (args) => {
    registered.set(`${args.type}::${args.name}`, args.inputs);
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: (args) => args.inputs,
}, 'kubeharden-shop', 'example', false);

async function main(): Promise<void> {
  const { createShop } = await import('./shop');
  const children = createShop().flatMap((component) => component.resources);
  const urns = await new Promise<string[]>((resolve) => pulumi.all(children.map((child) => child.urn)).apply(resolve));
  const objects = urns.map((urn) => {
    const [, , types, name] = urn.split('::');
    const type = types.split('$').pop()!;
    const meta = kubernetesTypeMeta(type)!;
    const { apiVersion: _apiVersion, kind: _kind, ...fields } = registered.get(`${type}::${name}`)!;
    return { apiVersion: meta.apiVersion, kind: meta.kind, ...fields };
  });
  const outdir = join(__dirname, '..', '..', 'dist', 'example-pulumi');
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'shop.yaml');
  writeFileSync(file, objects.map((object) => dump(object, { noRefs: true, lineWidth: -1 })).join('---\n'));
  process.stdout.write(`wrote ${relative(process.cwd(), file)} (${objects.length} objects)\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
