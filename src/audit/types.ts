/**
 * The audit report: the JSON contract of `kubeharden audit --format json` and of {@link audit}.
 */
import type { ResourceRef } from '../core/types';
import type { Severity } from '../rules/rule';

/** One finding: a rule that an object (or a Dockerfile) breaks. */
export interface Finding {
  /** Rule id (e.g. `image-digest-pinned`). */
  readonly rule: string;
  /** Severity of the rule. */
  readonly severity: Severity;
  /** What is wrong. */
  readonly message: string;
  /** The one-line fix. */
  readonly fix: string;
  /** The file the object came from, as given on the command line (absent for in-memory objects). */
  readonly file?: string;
  /** 1-based line of the object (or instruction) in `file`, where known. */
  readonly line?: number;
  /** The object the finding is about. */
  readonly resource: ResourceRef;
  /** JSON pointer to the offending field inside the object. */
  readonly path: string;
  /** For a Pod Security Standards check, the Kubernetes check id exactly (e.g. `hostPathVolumes`). */
  readonly pssCheck?: string;
}

/** A finding that a justified override exempts. */
export interface Exemption {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly justification: string;
  readonly expires?: string;
  readonly file?: string;
  readonly line?: number;
  readonly resource: ResourceRef;
  readonly path: string;
  readonly pssCheck?: string;
}

/** Counts over a report. */
export interface AuditSummary {
  /** Objects audited. */
  readonly objects: number;
  /** Findings, all severities. */
  readonly findings: number;
  /** Exempted findings. */
  readonly exemptions: number;
  /** Findings per severity. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

/** The result of an audit. */
export interface AuditReport {
  readonly findings: readonly Finding[];
  readonly exemptions: readonly Exemption[];
  readonly summary: AuditSummary;
}
