'use strict';
/**
 * A Pulumi program of `size` workloads under mocks (`pulumi.runtime.setMocks`), timed from the first
 * resource until every resource is registered, as one of two variants:
 * - `kubeharden`: `new HardenedDeployment(name, { image, port: 8080 })` components;
 * - `bare`: the same objects as bare `@pulumi/kubernetes` resources (read from `--objects`, untimed).
 * Usage: node bench/scenarios/pulumi.js --variant <name> --size <n> [--objects <file.json>] [--write <file.json>]
 * `--write` saves every component's resolved objects with their resource names (untimed), for the bare variant.
 */
const { readFileSync, writeFileSync } = require('fs');
const { parseArgs, timed, IMAGE } = require('../lib/timing');

const args = parseArgs();
const size = Number(args.size);
const pulumi = require('@pulumi/pulumi');

let registered = 0;
pulumi.runtime.setMocks({
  newResource: (resource) => {
    registered++;
    return { id: `${resource.name}-id`, state: resource.inputs };
  },
  call: () => ({}),
}, 'bench', 'bench', false);

const k8s = require('@pulumi/kubernetes');

/** The `@pulumi/kubernetes` class of a built-in object. */
function resourceClassOf(object) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['core', object.apiVersion];
  return k8s[group.split('.')[0]][version][object.kind];
}

/** Resolves with the values of `outputs` once all are known. */
function settled(outputs) {
  return new Promise((resolve) => pulumi.all(outputs).apply(resolve));
}

const VARIANTS = {
  kubeharden() {
    const { HardenedDeployment } = require('../../lib/pulumi/hardened-deployment');
    return () => {
      const components = [];
      for (let i = 0; i < size; i++) components.push(new HardenedDeployment(`api-${i}`, { image: IMAGE, port: 8080 }));
      return components;
    };
  },
  bare() {
    const workloads = JSON.parse(readFileSync(args.objects, 'utf8'));
    return () => workloads.flatMap((resources) => resources.map(({ name, object }) => new (resourceClassOf(object))(name, object)));
  },
};

async function main() {
  const define = VARIANTS[args.variant]();
  const created = await timed(async () => {
    const resources = define();
    const urns = resources.flatMap((r) => [r.urn, ...(r.resources ?? []).map((child) => child.urn)]);
    await settled(urns);
    return resources;
  }, { size });
  process.benchReport.registered = registered;
  if (args.write) {
    const workloads = await Promise.all(created.map(async (component) => {
      const objects = await settled([component.objects]).then(([o]) => o);
      const names = await settled(component.resources.map((r) => r.urn)).then((u) => u.map((urn) => urn.split('::').pop()));
      return objects.map((object, i) => ({ name: names[i], object }));
    }));
    writeFileSync(args.write, JSON.stringify(workloads));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
