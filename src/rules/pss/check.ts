/**
 * The shape of a Pod Security Standards check, as pod-security-admission defines it: an id, a level, and
 * one implementation per policy version it changed in.
 */
import type { PodTemplateView } from '../../core/pod-spec';
import type { PssLevel } from '../rule';

/** Why a pod spec fails a check, in pod-security-admission's words, and where. */
export interface PssCheckFailure {
  /** Short reason, e.g. `unrestricted capabilities`. */
  readonly reason: string;
  /** Detail naming the offending containers or values; may be empty. */
  readonly detail: string;
  /** JSON pointer of the first offending field named in the detail. */
  readonly path: string;
}

/** One implementation of a check: the failure it finds on a pod spec, or `undefined` when the spec is allowed. */
export type PssCheckFn = (view: PodTemplateView) => PssCheckFailure | undefined;

/** The implementation of a check that applies from `minimumVersion` (the Kubernetes minor, 1.N) on. */
export interface PssCheckVersion {
  /** First policy version (minor number of v1.N) this implementation applies to. */
  readonly minimumVersion: number;
  /** The implementation. */
  readonly check: PssCheckFn;
  /** Baseline check ids that restricted evaluation skips while this version applies. */
  readonly overrides?: readonly string[];
}

/** A Pod Security Standards check. */
export interface PssCheck {
  /** Kubernetes check id, e.g. `capabilities_restricted`. */
  readonly id: string;
  /** Level the check belongs to. */
  readonly level: PssLevel;
  /** Implementations, by strictly increasing minimum version. */
  readonly versions: readonly PssCheckVersion[];
}
