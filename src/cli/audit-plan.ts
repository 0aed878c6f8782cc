/**
 * What one `kubeharden audit` run does, from its arguments and the configuration file: the options of the
 * Kubernetes audit engine, the Dockerfile rules, the vulnerability gate, the failure threshold and the
 * severities. Command-line options win over the configuration file (`kubeharden.config.*`, `.kubehardenrc*` or
 * package.json's `kubeharden` key, found from the working directory upwards, or named by `--config`), which wins
 * over the defaults.
 */
import type { AuditArgs, FailOn } from './args';
import { buildReport, type AuditInput, type AuditOptions, type RuleSelection } from '../audit/engine';
import type { JsonReportWriter } from '../audit/format-json';
import { auditDockerfiles } from '../audit/inputs';
import type { AuditReport, Finding } from '../audit/types';
import {
  loadVulnerabilityReports, NO_CRITICAL_VULNERABILITIES, TrivySeverity, VulnerabilityGateOptions, vulnerabilityFindings, VulnerabilityIndex,
} from '../audit/vulnerabilities';
import { applySeverities } from '../config/apply';
import type { KubehardenConfig } from '../config/schema';
import type { Severity } from '../rules/rule';

/** Every Dockerfile rule id starts with it (the Dockerfile catalogue checks so). */
const DOCKERFILE_RULE_PREFIX = 'dockerfile-';

/** What one audit run does. */
export interface AuditPlan {
  /** Options of the Kubernetes audit engine. */
  readonly auditOptions: AuditOptions;
  /** Dockerfile rule ids to run; `undefined` for all of them. */
  readonly dockerfileRules?: readonly string[];
  /** The vulnerability gate (rule no-critical-vulnerabilities), when it runs: the reports, read, and its options. */
  readonly vulnerabilities?: { readonly index: VulnerabilityIndex; readonly options: VulnerabilityGateOptions };
  /** Findings at or above it fail the audit. */
  readonly failOn: FailOn;
  /** Severities per rule id from the configuration file, replacing the catalogue's. */
  readonly severity?: Readonly<Record<string, Severity>>;
  /** Absolute path of the configuration file applied, if any. */
  readonly configFile?: string;
  /** Remarks for standard error (an option that has no effect), one line each. */
  readonly notes: readonly string[];
}

/** A rule selection split between the engine's catalogue, the Dockerfile rules and the vulnerability gate. */
export interface SplitRules {
  /** For the Kubernetes audit engine (unknown ids stay here, for the engine to reject). */
  readonly kubernetes: RuleSelection;
  /** Dockerfile rule ids; `undefined` for all of them. */
  readonly dockerfile?: readonly string[];
  /** Whether rule no-critical-vulnerabilities is selected. */
  readonly vulnerabilities: boolean;
}

/**
 * Plans the audit for `args`: reads the configuration file (unless `--no-config`) and the vulnerability reports.
 * Throws `InvalidConfigError` for an invalid configuration file and `VulnerabilityReportError` for a report that
 * cannot be read.
 */
export async function planAudit(args: AuditArgs): Promise<AuditPlan> {
  const loaded = await readConfig(args.config);
  const config: KubehardenConfig = loaded?.config ?? {};
  const rules = await splitRules(args.given.has('rules') ? args.rules : config.rules ?? 'all');
  const pss = args.pss ?? config.pss;
  const pssVersion = args.pssVersion ?? config.pssVersion;
  const auditOptions: AuditOptions = {
    rules: rules.kubernetes,
    ...(pss !== undefined ? { pss } : {}),
    ...(pssVersion !== undefined ? { pssVersion } : {}),
    ...(config.allowedRegistries !== undefined ? { allowedRegistries: config.allowedRegistries } : {}),
  };
  const gateAsked = args.vulnerabilities.length > 0 || args.requireScan;
  const notes: string[] = [];
  if (gateAsked && !rules.vulnerabilities) {
    const options = args.vulnerabilities.length > 0 ? '--vulnerabilities' : '--require-scan';
    notes.push(`${options} has no effect: the rules selected leave out ${NO_CRITICAL_VULNERABILITIES.id}`);
  }
  return {
    auditOptions,
    ...(rules.dockerfile !== undefined ? { dockerfileRules: rules.dockerfile } : {}),
    ...(gateAsked && rules.vulnerabilities ? {
      vulnerabilities: {
        index: loadVulnerabilityReports(args.vulnerabilities),
        options: {
          threshold: args.vulnerabilityThreshold.toUpperCase() as TrivySeverity,
          requireScan: args.requireScan,
          ignoreUnfixed: args.ignoreUnfixed,
        },
      },
    } : {}),
    failOn: args.given.has('fail-on') ? args.failOn : config.failOn ?? args.failOn,
    ...(config.severity !== undefined ? { severity: config.severity } : {}),
    ...(loaded ? { configFile: loaded.filepath } : {}),
    notes,
  };
}

/**
 * Splits a rule selection: `all` runs every rule, `pss` only the Pod Security Standards checks; a list sends the
 * Dockerfile rule ids to the Dockerfile audit, `no-critical-vulnerabilities` to the vulnerability gate and the
 * other ids to the engine.
 */
export async function splitRules(selection: RuleSelection): Promise<SplitRules> {
  if (selection === 'all') return { kubernetes: 'all', vulnerabilities: true };
  if (selection === 'pss') return { kubernetes: 'pss', dockerfile: [], vulnerabilities: false };
  const dockerfileIds = selection.some((id) => id.startsWith(DOCKERFILE_RULE_PREFIX))
    ? (await import('../rules/dockerfile/registry')).DOCKERFILE_RULE_IDS
    : new Set<string>();
  return {
    kubernetes: selection.filter((id) => !dockerfileIds.has(id) && id !== NO_CRITICAL_VULNERABILITIES.id),
    dockerfile: selection.filter((id) => dockerfileIds.has(id)),
    vulnerabilities: selection.includes(NO_CRITICAL_VULNERABILITIES.id),
  };
}

/**
 * The vulnerability gate of `plan` over objects that arrive one at a time: each object's findings are computed as
 * it arrives and the object is not kept. The first object that cannot be checked is remembered and thrown by
 * `findings()`, so that the engine's errors come first, as when the gate ran after the engine.
 */
export interface VulnerabilityGate {
  add(input: AuditInput): void;
  findings(): Finding[];
}

/** Starts the vulnerability gate of `plan` (no findings when it does not run). */
export function startVulnerabilityGate(plan: AuditPlan): VulnerabilityGate {
  const gate = plan.vulnerabilities;
  const found: Finding[] = [];
  let failure: { error: unknown } | undefined;
  return {
    add: (input) => {
      if (!gate || failure) return;
      try {
        for (const finding of vulnerabilityFindings([input], gate.index, gate.options)) found.push(finding);
      } catch (error) {
        failure = { error };
      }
    },
    findings: () => {
      if (!gate) return [];
      vulnerabilityFindings([], gate.index, gate.options);
      if (failure) throw failure.error;
      return found;
    },
  };
}

/**
 * The complete report: the engine's `report` on `inputs`, plus the findings of the vulnerability gate on `inputs`
 * (or, already computed, `vulnerabilities`) and of the Dockerfile rules on `dockerfiles` (each audited Dockerfile
 * counts as an object), with the configuration's severities applied. With a `writer` (the JSON report of a streamed
 * audit, which holds the engine's entries), the extra findings go to it and the report returned has only its summary.
 */
export async function completeReport(
  plan: AuditPlan, report: AuditReport, inputs: readonly AuditInput[] | { readonly vulnerabilities: readonly Finding[] },
  dockerfiles: readonly string[], writer?: JsonReportWriter,
): Promise<AuditReport> {
  const vulnerabilities = 'vulnerabilities' in inputs ? inputs.vulnerabilities
    : plan.vulnerabilities ? vulnerabilityFindings(inputs, plan.vulnerabilities.index, plan.vulnerabilities.options) : [];
  const dockerfileFindings = await auditDockerfiles(dockerfiles, plan.dockerfileRules);
  const audited = plan.dockerfileRules?.length === 0 ? 0 : dockerfiles.length;
  const objects = report.summary.objects + audited;
  if (writer) {
    writer.append([...vulnerabilities, ...dockerfileFindings]);
    return { findings: [], exemptions: [], summary: writer.summary(objects) };
  }
  const findings = [...report.findings, ...vulnerabilities, ...dockerfileFindings];
  return applySeverities(buildReport(objects, findings, [...report.exemptions]), plan.severity);
}

/** The configuration: none for `--no-config`, the file `--config` names, else the one found from the working directory up. */
async function readConfig(choice: string | false | undefined): Promise<{ config: KubehardenConfig; filepath: string } | undefined> {
  if (choice === false) return undefined;
  const { loadConfig, loadConfigFile } = await import('../config/load');
  return choice === undefined ? loadConfig() : loadConfigFile(choice);
}
