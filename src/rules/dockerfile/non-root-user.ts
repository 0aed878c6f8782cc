import type { DockerfileRule } from './dockerfile-rule';
import { describeImage, isNonRootBaseImage } from '../../dockerfile/images';
import { finalStage, stageLineage } from '../../dockerfile/parse';

/** True when the user part of a `USER user[:group]` value is root (`root`, `0`, `0:0`, `root:root`…). */
function isRootUser(value: string): boolean {
  const user = value.split(':')[0].trim();
  return user === 'root' || /^0+$/.test(user);
}

/** Rule `dockerfile-non-root-user`: the final stage ends with a non-root `USER`. */
export const dockerfileNonRootUser: DockerfileRule = {
  id: 'dockerfile-non-root-user',
  title: 'The final stage runs as a non-root USER',
  rationale: 'Without USER the container runs as root: a compromise of the application is root in the container, one kernel or runtime flaw'
    + ' away from root on the node.',
  guide: 'Don\'t run as root',
  severity: 'high',
  fix: 'End the final stage with USER <uid>:<gid> (e.g. USER 65532:65532, or USER nonroot:nonroot on distroless); create the user first if needed.',
  default: 'a non-root USER as the last USER instruction of the final stage (distroless :nonroot images qualify)',
  references: [
    'https://docs.docker.com/build/building/best-practices/#user',
    'https://docs.docker.com/reference/dockerfile/#user',
  ],
  check(parsed) {
    const final = finalStage(parsed);
    const lineage = stageLineage(parsed, final);
    for (const stage of lineage) {
      const user = [...stage.instructions].reverse().find((i) => i.keyword === 'USER');
      if (!user) continue;
      const value = user.words[0] ?? '';
      const inherited = stage === final ? '' : ` (inherited from stage ${stage.index})`;
      if (value.includes('$')) {
        return [{ message: `USER ${value}${inherited} depends on a variable without value, so the user cannot be verified`, line: user.line, path: user.path }];
      }
      if (value === '' || isRootUser(value)) {
        return [{ message: `the final stage runs as root: USER ${value}${inherited}`, line: user.line, path: user.path }];
      }
      return [];
    }
    const root = lineage[lineage.length - 1];
    if (root.base.reference && isNonRootBaseImage(root.base.reference)) return [];
    const image = root.base.scratch ? 'scratch' : root.base.reference ? describeImage(root.base.reference) : root.base.text;
    return [{ message: `the final stage sets no USER, so it runs as the user of ${image} (root unless the image says otherwise)`, line: final.line, path: final.path }];
  },
};
