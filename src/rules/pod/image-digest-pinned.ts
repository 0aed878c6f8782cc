import { isDigestPinned } from '../../core/image';
import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';
import type { Rule, RuleFinding } from '../rule';

/** Every container image is pinned by digest (`@sha256:<64 hex>`). */
export const imageDigestPinned: Rule = {
  id: 'image-digest-pinned',
  title: 'Images are pinned by digest',
  rationale: 'A tag can be moved to different content at any time; only a digest guarantees the image that was scanned and signed is the one that runs.',
  guide: 'Pin versions with digests',
  severity: 'high',
  fix: 'Pin the image by digest: get it with `crane digest <image>` or `docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>.',
  default: 'a tag-only image is an error; write image@sha256:<digest>',
  appliesTo: ['pod-workloads'],
  references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  check(object) {
    const view = podTemplateOf(object);
    if (!view) return [];
    const findings: RuleFinding[] = [];
    for (const c of containersOf(view)) {
      const image = c.container.image;
      if (typeof image === 'string' && isDigestPinned(image)) continue;
      findings.push({
        message: typeof image === 'string' && image.length > 0
          ? `container "${c.container.name}" image "${image}" is not pinned by digest`
          : `container "${c.container.name}" has no image`,
        path: pointer(c.pointer, 'image'),
      });
    }
    return findings;
  },
};
