/**
 * The example application: the guide's frontend and api tiers as hardened Deployments.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { HardenedDeployment } from '../../src/cdk8s';

/** Digest-pinned images (the digests are illustrative). */
export const IMAGES = {
  frontend: 'registry.example.com/shop/frontend:2.4.1@sha256:4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9',
  api: 'registry.example.com/shop/api:3.1.0@sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
};

/** The example chart. */
export class ShopChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    new HardenedDeployment(this, 'frontend', {
      image: IMAGES.frontend,
      port: 8080,
      allowIngressFrom: [{ namespace: 'ingress-nginx' }],
      allowEgressTo: [{ workload: 'api', ports: [8080] }],
    });

    new HardenedDeployment(this, 'api', {
      image: IMAGES.api,
      port: 8080,
      replicas: 3,
      env: { LOG_LEVEL: 'info' },
      allowIngressFrom: [{ workload: 'frontend' }],
    });
  }
}

/** Builds the app, writing YAML into `outdir`. */
export function buildApp(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.yaml' });
  new ShopChart(app, 'shop');
  return app;
}
