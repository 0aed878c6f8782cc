/**
 * A cdk8s app written with plain cdk8s-plus-28 constructs, no kubeharden construct: the kubeharden validation
 * plugin (cdk8s.yaml) audits what it synthesizes.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** A digest-pinned image from the registry the project allows (cdk8s.yaml `allowedRegistries`). */
export const API_IMAGE = 'registry.example.com/shop/api:3.1.0@sha256:9a8b7c6d5e4f30211203948576afbecd9a8b7c6d5e4f30211203948576afbecd';

/** The shop app: `api` sets what cdk8s-plus-28 leaves out; `frontend` keeps cdk8s-plus-28's defaults only. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const chart = new Chart(app, 'shop', { namespace: 'shop', disableResourceNameHashes: true });

  new kplus.Deployment(chart, 'api', {
    securityContext: { user: 65532, group: 65532, fsGroup: 65532 },
    containers: [{
      name: 'api',
      image: API_IMAGE,
      portNumber: 8080,
      securityContext: {
        user: 65532,
        group: 65532,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    }],
    isolate: true,
  });

  new kplus.Deployment(chart, 'frontend', {
    containers: [{ name: 'frontend', image: 'nginx:1.27', portNumber: 8080 }],
  });
  return app;
}
