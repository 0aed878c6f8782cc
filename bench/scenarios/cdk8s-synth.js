'use strict';
/**
 * cdk8s synthesis of `size` workloads in one App, `app.synthYaml()`, as one of three variants:
 * - `kubeharden`: `new HardenedDeployment(chart, id, { image, port: 8080 })` (construction-time and synth-time audits included);
 * - `cdk8s-plus`: the peer, a cdk8s-plus-28 Deployment exposed by a Service (`deployment.exposeViaService()`);
 * - `floor`: bare ApiObjects holding exactly the objects kubeharden emitted (read from `--objects`, untimed).
 * Usage: node bench/scenarios/cdk8s-synth.js --variant <name> --size <n> [--objects <file.json>] [--write <file.json>]
 * `--write` saves the synthesized objects as a JSON list (untimed), for the floor and for checks.
 */
const { readFileSync, writeFileSync } = require('fs');
const { parseArgs, timed, IMAGE } = require('../lib/timing');

const args = parseArgs();
const size = Number(args.size);
const cdk8s = require('cdk8s');

const VARIANTS = {
  kubeharden() {
    const { HardenedDeployment } = require('../../lib/cdk8s');
    return (chart) => {
      for (let i = 0; i < size; i++) new HardenedDeployment(chart, `api-${i}`, { image: IMAGE, port: 8080 });
    };
  },
  'cdk8s-plus'() {
    const kplus = require('cdk8s-plus-28');
    return (chart) => {
      for (let i = 0; i < size; i++) {
        const deployment = new kplus.Deployment(chart, `api-${i}`, { containers: [{ image: IMAGE, portNumber: 8080 }] });
        deployment.exposeViaService();
      }
    };
  },
  floor() {
    const objects = JSON.parse(readFileSync(args.objects, 'utf8'));
    return (chart) => {
      objects.forEach((object, i) => new cdk8s.ApiObject(chart, `o${i}`, object));
    };
  },
};

async function main() {
  const define = VARIANTS[args.variant]();
  const yamlText = await timed(() => {
    const app = new cdk8s.App({ outdir: '/nonexistent' });
    define(new cdk8s.Chart(app, 'bench'));
    return app.synthYaml();
  }, { size });
  if (args.write) {
    const yaml = require('js-yaml');
    writeFileSync(args.write, JSON.stringify(yaml.loadAll(yamlText)));
  }
  process.benchReport.objects = (yamlText.match(/^kind: /gm) ?? []).length;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
