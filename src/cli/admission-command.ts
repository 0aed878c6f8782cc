/**
 * `kubeharden admission-policy`: prints the ValidatingAdmissionPolicies and bindings that enforce the catalogue at
 * admission, as multi-document YAML for `kubectl apply -f -`.
 */
import { parseArgs } from 'util';
import { dump } from 'js-yaml';
import type { CliIo } from './main';
import { ADMISSION_GUIDE_RULES, AdmissionGuideRule } from '../admission/guide-rules';
import { AdmissionPolicyOptionsError, generateAdmissionPolicies, ValidationAction } from '../admission/policies';
import type { KubeObject } from '../core/types';
import type { PssLevel } from '../rules/rule';

/** Usage of `kubeharden admission-policy`. */
export const ADMISSION_USAGE = `Usage:
  kubeharden admission-policy [--pss baseline|restricted] [options]   print ValidatingAdmissionPolicies as YAML

Options:
  --pss baseline|restricted            Pod Security Standards level, latest version (default: restricted)
  --rules <id,...>|none                guide rules to enforce too: ${ADMISSION_GUIDE_RULES.join(', ')} (default: all)
  --exempt-namespaces <ns,...>|none    namespaces the bindings leave out (default: kube-system)
  --actions Deny|Warn|Audit[,...]      validationActions of the bindings (default: Deny)
  --name-prefix <prefix>               prefix of the policy names (default: kubeharden)

Apply with: kubeharden admission-policy --pss restricted | kubectl apply -f -   (Kubernetes 1.30 or later)
`;

const OPTIONS = {
  'pss': { type: 'string' },
  'rules': { type: 'string' },
  'exempt-namespaces': { type: 'string' },
  'actions': { type: 'string' },
  'name-prefix': { type: 'string' },
  'help': { type: 'boolean', short: 'h' },
} as const;

/** Bad usage of `kubeharden admission-policy`. */
class AdmissionUsageError extends Error {}

/** Runs `kubeharden admission-policy` with `argv` (the words after the command); resolves to the exit code, never throws. */
export async function runAdmissionPolicy(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.stdout(ADMISSION_USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new AdmissionUsageError(`unexpected argument "${positionals[0]}"`);
    const objects = generateAdmissionPolicies({
      pss: levelOf(values.pss),
      ...(values.rules !== undefined ? { guideRules: listOf(values.rules) as AdmissionGuideRule[] } : {}),
      ...(values['exempt-namespaces'] !== undefined ? { exemptNamespaces: listOf(values['exempt-namespaces']) } : {}),
      ...(values.actions !== undefined ? { validationActions: listOf(values.actions) as ValidationAction[] } : {}),
      ...(values['name-prefix'] !== undefined ? { namePrefix: values['name-prefix'] } : {}),
    });
    io.stdout(toYaml(objects));
    return 0;
  } catch (e) {
    if (e instanceof AdmissionUsageError || e instanceof AdmissionPolicyOptionsError) {
      io.stderr(`kubeharden admission-policy: ${e.message}. Run kubeharden admission-policy --help for usage.\n`);
      return 2;
    }
    io.stderr(`kubeharden admission-policy: internal error: ${String((e as Error).message ?? e).split('\n')[0]}\n`);
    return 2;
  }
}

/** `objects` as multi-document YAML. */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((object) => `---\n${dump(object, { lineWidth: -1, noRefs: true, sortKeys: false })}`).join('');
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new AdmissionUsageError((e as Error).message.split(/\.\s|\.?\n|\.$/)[0]);
  }
}

function levelOf(value: string | undefined): PssLevel {
  if (value === undefined) return 'restricted';
  if (value !== 'baseline' && value !== 'restricted') throw new AdmissionUsageError(`invalid value "${value}" for --pss: use baseline or restricted`);
  return value;
}

function listOf(value: string): string[] {
  if (value === 'none') return [];
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new AdmissionUsageError(`invalid list "${value}": separate values with commas`);
  return items;
}
