/**
 * AdmissionGuard: the catalogue enforced at admission by ValidatingAdmissionPolicies (CEL) and their bindings, so
 * objects kubeharden did not write are held to the same Pod Security Standards and guide rules.
 */
import { AdmissionPolicyOptions, AdmissionPolicyOptionsError, generateAdmissionPolicies } from '../../admission/policies';
import { PropsError } from '../errors';
import type { KubeObject } from '../types';

/** Props of an AdmissionGuard: the options of `generateAdmissionPolicies`. */
export interface AdmissionGuardProps extends AdmissionPolicyOptions {}

/** The objects of an AdmissionGuard. */
export interface BuiltAdmissionGuard {
  /** ValidatingAdmissionPolicies, each followed by its ValidatingAdmissionPolicyBinding. */
  readonly objects: KubeObject[];
}

/** Builds the policies and bindings; `where` names the construct in errors. Throws {@link PropsError} for bad props. */
export function buildAdmissionGuard(where: string, props: AdmissionGuardProps = {}): BuiltAdmissionGuard {
  try {
    return { objects: generateAdmissionPolicies(props) };
  } catch (e) {
    if (e instanceof AdmissionPolicyOptionsError) throw new PropsError(where, `${e.message}.`);
    throw e;
  }
}
