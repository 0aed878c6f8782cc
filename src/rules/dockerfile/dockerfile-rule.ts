/**
 * The shape of a Dockerfile rule: the catalogue's metadata (see {@link Rule}) and a check over a parsed Dockerfile.
 */
import type { ParsedDockerfile } from '../../dockerfile/parse';
import type { RuleMetadata } from '../rule';

/** One problem a Dockerfile rule found. */
export interface DockerfileRuleFinding {
  /** What is wrong, naming the instruction, image or file. Never quotes a secret. */
  readonly message: string;
  /** 1-based line of the offending instruction. */
  readonly line: number;
  /** JSON pointer of the instruction in the parsed model (`/stages/1/FROM`, `/stages/1/instructions/3`). */
  readonly path?: string;
}

/** A rule of the Dockerfile catalogue (`dockerfile-*`): the catalogue's metadata and a check over a parsed Dockerfile. */
export interface DockerfileRule extends RuleMetadata {
  /** The findings on `parsed`. */
  readonly check: (parsed: ParsedDockerfile) => DockerfileRuleFinding[];
}
