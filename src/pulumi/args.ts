/**
 * The props of the cdk8s constructs, with `pulumi.Input` allowed where a program passes values from other
 * resources: image references (a digest from a build), namespace names and environment values.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { ContainerProps } from '../core/build/container';
import type { NetworkPeer } from '../core/build/network-policy';
import type { HardenedWorkloadProps } from '../core/build/workload';

/** {@link ContainerProps} with `image` and `env` values as Inputs. */
export type ContainerArgs = Omit<ContainerProps, 'image' | 'env'> & {
  /**
   * Image reference, pinned by digest: `registry.example.com/app@sha256:<64 hex>`, for example the
   * `repoDigest` of a `docker-build.Image`. A tag-only image is an error (rule `image-digest-pinned`).
   */
  readonly image: pulumi.Input<string>;
  /**
   * Plain configuration as environment variables. Secret-looking literals are rejected (rule
   * `no-literal-secrets`): mount secrets as files instead.
   * @default - none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string>>>;
};

/** {@link NetworkPeer} with `namespace` as an Input (the name of a namespace created in the same program). */
export type NetworkPeerArgs = Omit<NetworkPeer, 'namespace'> & {
  /**
   * A namespace by name. Without it, peers are in the workload's own namespace.
   * @default - the workload's namespace
   */
  readonly namespace?: pulumi.Input<string>;
};

/**
 * The props of a hardened workload (`P`), with Inputs where {@link ContainerArgs} and {@link NetworkPeerArgs} allow
 * them. The objects are built once the Inputs are known; when one of them is a secret, every object of the
 * component is a secret in the stack's state.
 */
export type WorkloadArgs<P extends HardenedWorkloadProps> =
  Omit<P, 'image' | 'env' | 'namespace' | 'initContainers' | 'sidecars' | 'allowIngressFrom' | 'allowEgressTo'> & ContainerArgs & {
    /**
     * Namespace of every object, for example `namespace.metadata.name` of a namespace of the same program.
     * @default - none (the provider's namespace)
     */
    readonly namespace?: pulumi.Input<string>;
    /**
     * Init containers, each hardened like the main container. Each needs a `name`.
     * @default []
     */
    readonly initContainers?: readonly ContainerArgs[];
    /**
     * Sidecar containers next to the main container, each hardened. Each needs a `name`.
     * @default []
     */
    readonly sidecars?: readonly ContainerArgs[];
    /**
     * Peers allowed to reach the workload's ports. Nothing else may connect.
     * @default [] (no ingress)
     */
    readonly allowIngressFrom?: readonly NetworkPeerArgs[];
    /**
     * Destinations the workload may reach besides the cluster DNS.
     * @default [] (DNS only)
     */
    readonly allowEgressTo?: readonly NetworkPeerArgs[];
  };
