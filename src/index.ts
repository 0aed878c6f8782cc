/**
 * kubeharden: secure-by-default Kubernetes. The root entry point holds the engine-neutral pieces: the rule
 * catalogue, the audit engine, the core builders and the overrides; `kubeharden/cdk8s` and
 * `kubeharden/pulumi` hold the constructs.
 * @packageDocumentation
 */
export * from './audit/types';
export { audit, Auditor, AuditOptions, AuditInput, AuditSession, AuditSink, AuditOptionsError, InvalidObjectError, RuleSelection } from './audit/engine';
export { RULES, RULE_IDS, findRule, validateCatalogue } from './rules/registry';
export type { ConditionalFindings, CrossObjectResult, DeferredCheck, Rule, RuleFinding, RuleContext, Severity, PssLevel } from './rules/rule';
export { SEVERITIES } from './rules/rule';
export { LATEST_PSS_VERSION, PSS_CHECK_IDS, evaluatePodSecurity, parsePssVersion } from './rules/pss';
export type { PssViolation } from './rules/pss';
export * from './core/overrides';
export * from './core/types';
export { podTemplateOf, containersOf, hasPodSpec, POD_KINDS, PodTemplateView, ContainerView, PodSpecShapeError } from './core/pod-spec';
export { enforceHardening, HardeningError, ENFORCED_SEVERITY, EnforceOptions } from './core/enforce';
export { PropsError } from './core/errors';
export { applyPodDefaults } from './core/build/pod';
export { buildHardenedDeployment, HardenedDeploymentProps } from './core/build/hardened-deployment';
export * from './core/build/hardened-stateful-set';
export * from './core/build/hardened-daemon-set';
export * from './core/build/hardened-job';
export * from './core/build/hardened-cron-job';
export * from './core/build/restricted-namespace';
export * from './core/build/isolated-network';
export * from './core/build/secret-mount';
export { cronScheduleProblem } from './core/cron';
export { literalSecretReason, isSecretName, secretValueKind } from './core/secrets';
export * from './core/build/workload';
export * from './core/build/container';
export * from './core/build/metadata';
export * from './core/build/network-policy';
export type { PodProps } from './core/build/pod';
export { parseImageReference, isDigestPinned, ImageReference } from './core/image';
export {
  auditDockerfile, isDockerfileName, parseDockerfile, InvalidDockerfileError, DOCKERFILE_RULES, DOCKERFILE_RULE_IDS, findDockerfileRule,
  validateDockerfileRules, DockerfileAuditOptions, DockerfileRule, DockerfileRuleFinding, ParsedDockerfile, DockerfileStage, DockerfileInstruction,
} from './dockerfile';
export {
  loadVulnerabilityReports, parseVulnerabilityReports, vulnerabilityFindings, indexScans, findScan, normaliseReference, VulnerabilityReportError,
  NO_CRITICAL_VULNERABILITIES, TRIVY_SEVERITIES, TrivySeverity, ImageScan, ImageVulnerability, VulnerabilityIndex, VulnerabilityGateOptions,
} from './audit/vulnerabilities';
export {
  generateAdmissionPolicies, AdmissionPolicyOptions, AdmissionPolicyOptionsError, ValidationAction, ADMISSION_GUIDE_RULES, AdmissionGuideRule,
  PSS_CEL_CHECKS,
} from './admission';
export { falcoRules, falcoRulesYaml, auditPolicy, FalcoEntry, FalcoRule, FalcoMacro, FalcoList, FalcoPriority, AuditPolicyOptions } from './runtime';
export * from './core/build/signed-image-policy';
export * from './core/build/admission-guard';
export * from './core/build/runtime-monitoring';
// cdk8s-cli loads validation plugins from the package's main entry.
export { KubehardenValidation } from './cdk8s/validation-plugin';
export type { KubehardenValidationProperties } from './cdk8s/validation-plugin';
export * from './config';
