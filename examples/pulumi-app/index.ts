/**
 * The example application as a Pulumi program: `pulumi preview` in this directory (see README.md).
 */
import { createShop } from './shop';

const components = createShop();

/** The kubeharden components of the stack, by Pulumi name, with the Kubernetes objects each one manages. */
export const shop = Object.fromEntries(components.map((component) => [component.name, component.objects.apply((objects) =>
  objects.map((o) => `${o.kind}/${o.metadata?.name}`))]));
