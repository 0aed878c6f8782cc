/**
 * Runtime monitoring: Falco rules and a Kubernetes API server audit policy.
 */
export { falcoRules, falcoRulesYaml, FalcoEntry, FalcoList, FalcoMacro, FalcoRule, FalcoPriority, FalcoRulesOptions, FALCO_PRIORITIES, FALCO_TAG } from './falco-rules';
export { auditPolicy, AuditPolicyOptions, AuditLevel, AUDIT_LEVELS, SECRET_RESOURCES, INTERACTIVE_RESOURCES } from './audit-policy';
