import type { DockerfileRule } from './dockerfile-rule';
import { classifyBaseImage, describeImage } from '../../dockerfile/images';
import { finalStage, stageLineage } from '../../dockerfile/parse';

/** Rule `dockerfile-minimal-base-image`: the final stage is built on a minimal image. */
export const dockerfileMinimalBaseImage: DockerfileRule = {
  id: 'dockerfile-minimal-base-image',
  title: 'The final stage uses a minimal base image',
  rationale: 'A full operating system or language image ships a shell, a package manager and hundreds of packages the application never uses:'
    + ' each is attack surface and a source of vulnerabilities to patch.',
  guide: 'Use minimal base images',
  severity: 'medium',
  fix: 'Build on a minimal image: gcr.io/distroless/*, cgr.dev/chainguard/*, alpine, scratch, or a -slim/-minimal variant.',
  default: 'distroless, chainguard/wolfi, alpine, scratch, UBI micro/minimal or a -slim variant in the final stage',
  references: [
    'https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image',
    'https://github.com/GoogleContainerTools/distroless',
  ],
  check(parsed) {
    const final = finalStage(parsed);
    const root = stageLineage(parsed, final).pop()!;
    const reference = root.base.reference;
    if (!reference) return [];
    const kind = classifyBaseImage(reference);
    if (kind !== 'full-os' && kind !== 'full-language') return [];
    const what = kind === 'full-os' ? 'a full operating-system image' : 'a full language image (compiler, package manager and OS)';
    const through = root === final ? '' : ` (through stage ${final.index})`;
    return [{
      message: `the final stage${through} is built on ${what}: ${describeImage(reference)}`,
      line: root.line,
      path: root.path,
    }];
  },
};
