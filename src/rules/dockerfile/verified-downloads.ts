import type { DockerfileRule, DockerfileRuleFinding } from './dockerfile-rule';
import type { DockerfileInstruction } from '../../dockerfile/parse';

/** A content digest BuildKit verifies for an HTTP source. */
const FILE_CHECKSUM = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
const REMOTE_URL = /^(?:https?|ftp):\/\//i;
/** BuildKit's Git sources: `git@host:repo`, `git://`, `ssh://`, or an HTTP(S) URL of a `.git` repository. */
const GIT_SOURCE = /^(?:git@[^:]+:|git:\/\/|ssh:\/\/)|^https?:\/\/[^#?]*\.git(?:[#?]|$)/i;
/** A Git source pinned to a commit: `#<commit>[:subdir]`, or `?ref=<commit>` / `?checksum=<commit>`. */
const GIT_COMMIT = /#[a-f0-9]{40}(?::|$)|[?&](?:ref|checksum)=[a-f0-9]{40}(?:&|#|$)/i;
const COMMIT = /^[a-f0-9]{40}$/i;

/** Rule `dockerfile-verified-downloads`: what `ADD` fetches from the network is pinned by a checksum or a commit. */
export const dockerfileVerifiedDownloads: DockerfileRule = {
  id: 'dockerfile-verified-downloads',
  title: 'ADD pins what it downloads by checksum or commit',
  rationale: 'ADD <url> copies whatever the server returns at build time into the image: the build is not reproducible, and a'
    + ' compromised or replaced file reaches the image unnoticed, as with a base image named by tag.',
  guide: 'Pin versions with digests',
  severity: 'medium',
  fix: 'Give the file\'s digest: ADD --checksum=sha256:<64 hex> <url> <dest> (Dockerfile syntax 1.6+); for a Git repository, name a'
    + ' commit (<repo>.git#<40-hex commit>); or download in a RUN step that verifies a checksum.',
  default: 'ADD of a URL carries --checksum=sha256:<64 hex>; a Git source names a commit; local files need nothing',
  references: [
    'https://docs.docker.com/reference/dockerfile/#add---checksum',
    'https://docs.docker.com/build/building/best-practices/#add-or-copy',
  ],
  check(parsed) {
    const findings: DockerfileRuleFinding[] = [];
    for (const stage of parsed.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'ADD') continue;
        for (const source of unverifiedSources(instruction)) {
          findings.push({
            message: `stage ${stage.index} ADD ${withoutCredentials(source)} downloads content that no checksum or commit pins`,
            line: instruction.line,
            path: instruction.path,
          });
        }
      }
    }
    return findings;
  },
};

/** The remote sources of an `ADD` (every word but the destination) that nothing pins. */
function unverifiedSources(instruction: DockerfileInstruction): string[] {
  const checksum = instruction.flags.get('checksum') ?? '';
  return instruction.words.slice(0, -1).filter((source) => {
    if (GIT_SOURCE.test(source)) return !GIT_COMMIT.test(source) && !COMMIT.test(checksum);
    return REMOTE_URL.test(source) && !FILE_CHECKSUM.test(checksum);
  });
}

/** `source` with the user information of an HTTP(S) or FTP URL replaced by `<credentials>`: a message never quotes a secret. */
function withoutCredentials(source: string): string {
  return source.replace(/^((?:https?|ftp):\/\/)[^/?#]*@/i, '$1<credentials>@');
}
