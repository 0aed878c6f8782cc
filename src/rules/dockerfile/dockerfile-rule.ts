/**
 * The shape of a Dockerfile rule: the catalogue's metadata (see {@link Rule}) and a check over a parsed Dockerfile.
 */
import type { ParsedDockerfile } from '../../dockerfile/parse';
import type { Severity } from '../rule';

/** One problem a Dockerfile rule found. */
export interface DockerfileRuleFinding {
  /** What is wrong, naming the instruction, image or file. Never quotes a secret. */
  readonly message: string;
  /** 1-based line of the offending instruction. */
  readonly line: number;
  /** JSON pointer of the instruction in the parsed model (`/stages/1/FROM`, `/stages/1/instructions/3`). */
  readonly path?: string;
}

/** A rule of the Dockerfile catalogue (`dockerfile-*`). */
export interface DockerfileRule {
  /** Stable kebab-case id starting with `dockerfile-`, part of the public contract. */
  readonly id: string;
  /** One-line summary of the compliant condition. */
  readonly title: string;
  /** Why the rule exists, in a sentence or two. */
  readonly rationale: string;
  /** The section of the container-security guide the rule encodes. */
  readonly guide: string;
  /** Severity of its findings. */
  readonly severity: Severity;
  /** The one-line fix shown with every finding. */
  readonly fix: string;
  /** The practice the rule expects, in a phrase. */
  readonly default: string;
  /** Links to the guide section and the Docker documentation. */
  readonly references: readonly string[];
  /** The findings on `parsed`. */
  readonly check: (parsed: ParsedDockerfile) => DockerfileRuleFinding[];
}
