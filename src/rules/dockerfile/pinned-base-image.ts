import type { DockerfileRule, DockerfileRuleFinding } from './dockerfile-rule';
import { isDigestPinned } from '../../core/image';

const LITERAL_SHA256_DIGEST = /@sha256:[a-f0-9]{64}$/;

/** Rule `dockerfile-pinned-base-image`: every `FROM` names its image by digest. */
export const dockerfilePinnedBaseImage: DockerfileRule = {
  id: 'dockerfile-pinned-base-image',
  title: 'Every FROM pins its image by digest',
  rationale: 'A tag such as ubuntu:latest or node:20 is moved to new content at any time: the build is not reproducible, and a compromised'
    + ' or broken push reaches the next build unnoticed.',
  guide: 'Pin versions with digests',
  severity: 'high',
  fix: 'Pin the base image: FROM <image>:<tag>@sha256:<digest> (get it with `docker buildx imagetools inspect <image>:<tag>`).',
  default: 'FROM image:tag@sha256:<64 hex>; scratch and earlier stages need no digest',
  references: [
    'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
    'https://docs.docker.com/reference/dockerfile/#from',
  ],
  check(parsed) {
    const findings: DockerfileRuleFinding[] = [];
    for (const stage of parsed.stages) {
      const { base } = stage;
      if (base.scratch || base.stage !== undefined) continue;
      if (base.image === undefined) {
        if (LITERAL_SHA256_DIGEST.test(base.text)) continue;
        findings.push({
          message: `stage ${stage.index} FROM ${base.text} depends on a build argument without default, so its digest cannot be verified`,
          line: stage.line,
          path: stage.path,
        });
      } else if (!isDigestPinned(base.image)) {
        findings.push({ message: `stage ${stage.index} FROM ${base.image} is not pinned by digest`, line: stage.line, path: stage.path });
      }
    }
    return findings;
  },
};
