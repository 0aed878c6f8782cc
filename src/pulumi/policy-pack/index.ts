/**
 * The kubeharden CrossGuard policy pack: `pulumi preview --policy-pack <this directory>`.
 * Constructing a `PolicyPack` starts the policy gRPC server, so only the Pulumi CLI should load this file.
 * @packageDocumentation
 */
import { PolicyPack } from '@pulumi/policy';
import { policies } from '../policies';

new PolicyPack('kubeharden', {
  description: 'Secure-by-default Kubernetes: the kubeharden rule catalogue and the restricted Pod Security Standard.',
  policies,
});
