/**
 * kubeharden as a cdk8s-cli validation plugin: `cdk8s synth` audits the synthesized manifests with the rule
 * catalogue and reports every finding in cdk8s-cli's validation report.
 *
 * The plugin API of cdk8s-cli (`src/plugins/validation.ts`) is declared here structurally, so kubeharden does not
 * depend on cdk8s-cli: the CLI loads the class by name from the package's main entry point and calls
 * `new KubehardenValidation(properties)` then `validate(context)`.
 */
import { readFileSync } from 'fs';
import { Auditor, InvalidObjectError } from '../audit/engine';
import { describeLocation, InputError, loadInputs } from '../audit/load';
import type { AuditReport, Finding } from '../audit/types';
import { applySeverities, auditOptionsFromConfig, blockingFindings, DEFAULT_FAIL_ON, mergeConfig } from '../config/apply';
import { loadConfig, loadConfigFile } from '../config/load';
import { ruleDocsLink } from '../config/rule-docs';
import type { KubehardenConfig } from '../config/schema';
import { InvalidConfigError, validateConfig } from '../config/validate';
import { describeResource } from '../core/types';

/** A resource that violates a rule, as cdk8s-cli's `ValidationViolatingResource`. */
export interface Cdk8sViolatingResource {
  /** The resource, `Kind/namespace/name` (or `Kind/name` without a namespace). */
  readonly resourceName: string;
  /** JSON pointers of the offending fields inside the resource. */
  readonly locations: string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's `ValidationViolation`. */
export interface Cdk8sViolation {
  /** The rule id (see RULES.md). */
  readonly ruleName: string;
  /** What is wrong, with the severity. */
  readonly recommendation: string;
  /** The one-line fix and the link to the rule's section of RULES.md. */
  readonly fix: string;
  /** The resources that break the rule this way. */
  readonly violatingResources: Cdk8sViolatingResource[];
}

/** The report a plugin fills, as cdk8s-cli's `ValidationReport`. */
export interface Cdk8sValidationReport {
  /** Adds a violation; not allowed after {@link submit}. */
  addViolation(violation: Cdk8sViolation): void;
  /** Completes the report with its status and summary rows. */
  submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
}

/** What cdk8s-cli passes to `validate`, as its `ValidationContext`. */
export interface Cdk8sValidationContext {
  /** Paths of the synthesized manifests. */
  readonly manifests: readonly string[];
  /** The report to fill and submit. */
  readonly report: Cdk8sValidationReport;
}

/** A cdk8s-cli validation plugin, as cdk8s-cli's `Validation`. */
export interface Cdk8sValidation {
  /** Validates `context.manifests`, then fills and submits `context.report`. */
  validate(context: Cdk8sValidationContext): Promise<void>;
}

/**
 * The `properties` of the plugin's entry in `cdk8s.yaml`: the settings of the kubeharden configuration file,
 * which they override, plus where to find that file.
 */
export interface KubehardenValidationProperties extends KubehardenConfig {
  /**
   * The kubeharden configuration file to read, or `false` to read none. Properties override its settings.
   * @default - the configuration found from the working directory upwards (`kubeharden.config.*`, `.kubehardenrc*`, package.json)
   */
  readonly configFile?: string | false;
}

/** The label used in messages about the plugin's properties. */
const PROPERTIES_LABEL = 'cdk8s.yaml (validations: KubehardenValidation)';

/**
 * The kubeharden validation plugin for `cdk8s synth`. Audits every synthesized manifest together with the rule
 * catalogue and reports each finding with its rule, message, fix (linking to RULES.md), resource and field
 * locations; the report fails when a finding is at or above `failOn`.
 *
 * @example
 * # cdk8s.yaml
 * validations:
 *   - package: kubeharden
 *     version: 1.0.0
 *     class: KubehardenValidation
 *     properties: { pss: restricted, failOn: high, allowedRegistries: [registry.example.com] }
 */
export class KubehardenValidation implements Cdk8sValidation {
  /** The settings in effect: the configuration file's, overridden by the properties. */
  public readonly settings: KubehardenConfig;
  private readonly auditor: Auditor;

  /** Throws {@link InvalidConfigError} for invalid properties or an invalid configuration file. */
  constructor(properties: KubehardenValidationProperties = {}) {
    const { configFile, ...config } = (properties ?? {}) as KubehardenValidationProperties;
    if (configFile !== undefined && configFile !== false && typeof configFile !== 'string') {
      throw new InvalidConfigError(PROPERTIES_LABEL, [{
        field: 'properties.configFile',
        message: `field "properties.configFile" must be a path or false, not ${JSON.stringify(configFile)}. Fix: write the path of a kubeharden configuration file.`,
      }]);
    }
    const own = validateConfig(config, PROPERTIES_LABEL, { fieldPrefix: 'properties.', otherFields: ['configFile'] });
    const file = configFile === false ? undefined : (typeof configFile === 'string' ? loadConfigFile(configFile) : loadConfig());
    this.settings = file ? mergeConfig(file.config, own) : own;
    this.auditor = new Auditor(auditOptionsFromConfig(this.settings));
  }

  /** Audits `context.manifests` and fills and submits `context.report`. */
  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const report = await this.audit(context.manifests);
    for (const violation of toViolations(report.findings)) context.report.addViolation(violation);
    const failOn = this.settings.failOn ?? DEFAULT_FAIL_ON;
    const blocking = blockingFindings(report, failOn);
    context.report.submit(blocking.length > 0 ? 'failure' : 'success', {
      'Objects': String(report.summary.objects),
      'Findings': String(report.summary.findings),
      [`Findings at or above ${failOn}`]: String(blocking.length),
      'Exemptions (kubeharden.io/overrides)': String(report.summary.exemptions),
    });
  }

  /** Audits the manifest files together. Throws an Error naming the file (and line) that cannot be audited. */
  public async audit(manifests: readonly string[]): Promise<AuditReport> {
    try {
      const { inputs } = await loadInputs(manifests.filter((path) => !isBlankFile(path)));
      const report = this.auditor.run(inputs);
      return applySeverities(report, this.settings.severity);
    } catch (e) {
      if (e instanceof InputError || e instanceof InvalidObjectError) {
        throw new Error(`kubeharden cannot audit the synthesized manifests: ${describeLocation(e.file, e.line, e.message)}`);
      }
      throw e;
    }
  }
}

/**
 * Violations for `findings`: one per rule and message, listing each resource once with all its locations,
 * in the order of the findings.
 */
export function toViolations(findings: readonly Finding[]): Cdk8sViolation[] {
  const violations = new Map<string, Cdk8sViolation & { violatingResources: Cdk8sViolatingResource[] }>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.rule, finding.severity, finding.message]);
    let violation = violations.get(key);
    if (!violation) {
      const check = finding.pssCheck ? ` (Pod Security Standards check ${finding.pssCheck})` : '';
      violation = {
        ruleName: finding.rule,
        recommendation: `[${finding.severity}] ${finding.message}${check}`,
        fix: `${finding.fix} See ${ruleDocsLink(finding.rule)}`,
        violatingResources: [],
      };
      violations.set(key, violation);
    }
    const resourceName = describeResource(finding.resource);
    const manifestPath = finding.file ?? '';
    const resource = violation.violatingResources.find((r) => r.resourceName === resourceName && r.manifestPath === manifestPath);
    if (resource) {
      if (!resource.locations.includes(finding.path)) resource.locations.push(finding.path);
    } else {
      violation.violatingResources.push({ resourceName, locations: [finding.path], manifestPath });
    }
  }
  return [...violations.values()];
}

function isBlankFile(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').trim() === '';
  } catch {
    return false;
  }
}
