/**
 * Admission policies generated from the catalogue: ValidatingAdmissionPolicies (CEL) and their bindings.
 */
export {
  generateAdmissionPolicies, AdmissionPolicyOptions, AdmissionPolicyOptionsError, ValidationAction, ADMISSION_API_VERSION,
  POD_RESOURCE_RULES, PSS_LEVEL_ANNOTATION, PSS_VERSION_ANNOTATION, VALIDATION_RULES_ANNOTATION,
} from './policies';
export { PSS_CEL_CHECKS, PSS_CEL_VERSION, POD_VARIABLES, PssCelCheck, PolicyVariable } from './pod-security';
export { ADMISSION_GUIDE_RULES, AdmissionGuideRule, GUIDE_CEL_RULES, GuideCelRule, GuideCelValidation, DIGEST_PINNED_IMAGE_PATTERN } from './guide-rules';
