import { isFromRegistry, parseImageReference } from '../../core/image';
import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';
import type { Rule, RuleFinding } from '../rule';

/**
 * Images name an explicit registry, and one of the allowed registries when an allow-list is configured.
 * An implicit Docker Hub reference is a low-severity finding; an image outside the allow-list is medium.
 */
export const trustedRegistry: Rule = {
  id: 'trusted-registry',
  title: 'Images come from an explicit, trusted registry',
  rationale: 'Pulling from a registry you control (or mirror) keeps what runs under your scanning, signing and retention policies.',
  guide: 'Use private registries',
  severity: 'medium',
  fix: 'Reference the image through your own registry (registry.example.com/team/app@sha256:<digest>), or add its registry to allowedRegistries.',
  default: 'no allow-list, so only an image that names no registry (implicitly Docker Hub) is a finding, of low severity; set allowedRegistries to enforce one, outside which an image is a medium finding',
  appliesTo: ['pod-workloads'],
  references: ['https://kubernetes.io/docs/concepts/containers/images/'],
  check(object, context) {
    const view = podTemplateOf(object);
    if (!view) return [];
    const findings: RuleFinding[] = [];
    for (const c of containersOf(view)) {
      const image = c.container.image;
      if (typeof image !== 'string') continue;
      const ref = parseImageReference(image);
      if (!ref) continue;
      const path = pointer(c.pointer, 'image');
      if (context.allowedRegistries.length > 0) {
        if (!isFromRegistry(image, context.allowedRegistries)) {
          findings.push({
            message: `container "${c.container.name}" image "${image}" is not from an allowed registry (${context.allowedRegistries.join(', ')})`,
            path,
          });
        }
      } else if (ref.registry === undefined) {
        findings.push({
          message: `container "${c.container.name}" image "${image}" names no registry, so it is pulled from Docker Hub`,
          path,
          severity: 'low',
        });
      }
    }
    return findings;
  },
};
