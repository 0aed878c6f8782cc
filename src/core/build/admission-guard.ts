/**
 * AdmissionGuard: the catalogue enforced at admission by ValidatingAdmissionPolicies (CEL) and their bindings, so
 * objects kubeharden did not write are held to the same Pod Security Standards and guide rules.
 */
import { AdmissionPolicyOptions, AdmissionPolicyOptionsError, generateAdmissionPolicies } from '../../admission/policies';
import { PropsError } from '../errors';
import { checkKnownProps, propNames } from './prop-types';
import type { KubeObject } from '../types';

/** Props of an AdmissionGuard: the options of `generateAdmissionPolicies`. */
export interface AdmissionGuardProps extends AdmissionPolicyOptions {}

/** The objects of an AdmissionGuard. */
export interface BuiltAdmissionGuard {
  /** ValidatingAdmissionPolicies, each followed by its ValidatingAdmissionPolicyBinding. */
  readonly objects: KubeObject[];
}

const ADMISSION_GUARD_PROP_NAMES = propNames<AdmissionGuardProps>()(
  'pss', 'guideRules', 'exemptNamespaces', 'validationActions', 'namePrefix',
);

/** Builds the policies and bindings; `where` names the construct in errors. Throws {@link PropsError} for bad props. */
export function buildAdmissionGuard(where: string, props: AdmissionGuardProps = {}): BuiltAdmissionGuard {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) throw new PropsError(where, 'props must be an object (or omitted).');
  checkKnownProps(where, props, ADMISSION_GUARD_PROP_NAMES, 'AdmissionGuardProps');
  try {
    return { objects: generateAdmissionPolicies(props) };
  } catch (e) {
    if (e instanceof AdmissionPolicyOptionsError) throw new PropsError(where, `${e.message}.`);
    throw e;
  }
}
