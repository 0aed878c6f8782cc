import type { DockerfileRule, DockerfileRuleFinding } from './dockerfile-rule';
import { buildStepsOf } from '../../dockerfile/build-steps';
import { finalStage, stageLineage } from '../../dockerfile/parse';

/** Rule `dockerfile-multi-stage`: compilers, build tools and development dependencies stay out of the final stage. */
export const dockerfileMultiStage: DockerfileRule = {
  id: 'dockerfile-multi-stage',
  title: 'Builds happen in an earlier stage, not in the final image',
  rationale: 'Compilers, build tools, headers and devDependencies left in the runtime image add attack surface and vulnerabilities,'
    + ' and give an intruder the tools to build their own.',
  guide: 'Use multi-stage builds',
  severity: 'medium',
  fix: 'Build in a stage (FROM <sdk image> AS build), then start the final stage from a minimal image and COPY --from=build only the artifacts.',
  default: 'the final stage only copies artifacts and installs runtime dependencies (npm ci --omit=dev, no compilers)',
  references: [
    'https://docs.docker.com/build/building/multi-stage/',
    'https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds',
  ],
  check(parsed) {
    const final = finalStage(parsed);
    const findings: DockerfileRuleFinding[] = [];
    for (const stage of stageLineage(parsed, final)) {
      const where = stage === final ? 'the final stage' : `stage ${stage.index}, which the final stage builds on,`;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const steps = buildStepsOf(instruction.command);
        if (steps.length === 0) continue;
        findings.push({ message: `${where} builds in place: RUN ${steps.join('; ')}`, line: instruction.line, path: instruction.path });
      }
    }
    return findings;
  },
};
