/**
 * Dockerfile audit: parse a Dockerfile into stages and run the `dockerfile-*` rules over it.
 */
export { auditDockerfile, dockerfileResource, isDockerfileName, DockerfileAuditOptions, DOCKERFILE_API_VERSION, DOCKERFILE_KIND } from './audit';
export { parseDockerfile, finalStage, stageLineage, expandVariables, InvalidDockerfileError } from './parse';
export type { DockerfileInstruction, DockerfileStage, ParsedDockerfile, StageBase, Expansion } from './parse';
export { classifyBaseImage, isNonRootBaseImage, BaseImageKind } from './images';
export { buildStepsOf } from './build-steps';
export { DOCKERFILE_RULES, DOCKERFILE_RULE_IDS, findDockerfileRule, validateDockerfileRules } from '../rules/dockerfile/registry';
export type { DockerfileRule, DockerfileRuleFinding } from '../rules/dockerfile/dockerfile-rule';
