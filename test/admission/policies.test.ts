import { parse } from '@bufbuild/cel';
import { Testing } from 'cdk8s';
import { load, loadAll } from 'js-yaml';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { AdmissionPolicyOptionsError, generateAdmissionPolicies, PSS_CEL_CHECKS } from '../../src/admission';
import { AdmissionGuard } from '../../src/cdk8s/admission-guard';
import { runAdmissionPolicy } from '../../src/cli/admission-command';
import type { CliIo } from '../../src/cli/main';
import { buildAdmissionGuard } from '../../src/core/build/admission-guard';
import { LATEST_PSS_VERSION } from '../../src/rules/pss';

const restricted = generateAdmissionPolicies({ pss: 'restricted' });
const baseline = generateAdmissionPolicies({ pss: 'baseline' });

describe('generateAdmissionPolicies', () => {
  test('emits a policy and its binding for the PSS level, the workload rules and the Service rule', () => {
    expect(restricted.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ValidatingAdmissionPolicy/kubeharden-pss-restricted',
      'ValidatingAdmissionPolicyBinding/kubeharden-pss-restricted',
      'ValidatingAdmissionPolicy/kubeharden-guide-workloads',
      'ValidatingAdmissionPolicyBinding/kubeharden-guide-workloads',
      'ValidatingAdmissionPolicy/kubeharden-guide-services',
      'ValidatingAdmissionPolicyBinding/kubeharden-guide-services',
    ]);
    expect(generateAdmissionPolicies({ pss: 'baseline', guideRules: [] }).map((o) => o.metadata?.name)).toEqual(['kubeharden-pss-baseline', 'kubeharden-pss-baseline']);
  });

  test.each([...restricted, ...baseline].map((o) => [`${o.kind}/${o.metadata?.name}`, o]))('%s validates against the Kubernetes schema', (_name, object) => {
    const Model = object.kind === 'ValidatingAdmissionPolicy' ? ValidatingAdmissionPolicy : ValidatingAdmissionPolicyBinding;
    expect(() => new Model(object as never).validate()).not.toThrow();
  });

  test('policies fail closed, match CREATE and UPDATE of Pods and every pod-template controller, and extract the pod spec in variables', () => {
    const spec = restricted[0].spec as any;
    expect(spec.failurePolicy).toBe('Fail');
    expect(spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'podtemplates'], operations: ['CREATE', 'UPDATE'] },
      { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], operations: ['CREATE', 'UPDATE'] },
      { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'], operations: ['CREATE', 'UPDATE'] },
    ]);
    expect(spec.variables.map((v: any) => v.name)).toEqual([
      'podSpec', 'podMetadata', 'podSecurityContext', 'containers', 'securityContexts', 'volumes', 'isWindows', 'inUserNamespace',
    ]);
    expect(spec.matchConditions).toHaveLength(1);
  });

  test('one validation per Pod Security check, each message naming the check id, with the level and version annotated', () => {
    const [policy] = baseline;
    const validations = (policy.spec as any).validations as any[];
    const rules = String(policy.metadata?.annotations?.['kubeharden.io/validation-rules']).split(',');
    expect(rules).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged',
      'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'ulimits', 'windowsHostProcess',
    ]);
    validations.forEach((v, i) => {
      expect(v.message).toMatch(new RegExp(`^Pod Security Standards baseline check ${rules[i]}: `));
      expect(v.reason).toBe('Forbidden');
    });
    expect(policy.metadata?.annotations).toMatchObject({ 'kubeharden.io/pss-level': 'baseline', 'kubeharden.io/pss-version': LATEST_PSS_VERSION });
  });

  test('restricted names every check, overridden baseline checks alongside the restricted checks that override them', () => {
    const rules = String(restricted[0].metadata?.annotations?.['kubeharden.io/validation-rules']).split(',');
    expect(new Set(rules)).toEqual(new Set(Object.keys(PSS_CEL_CHECKS)));
    const messages = (restricted[0].spec as any).validations.map((v: any) => v.message) as string[];
    expect(messages).toContain(`Pod Security Standards baseline check capabilities_baseline (with capabilities_restricted): ${PSS_CEL_CHECKS.capabilities_baseline.requirement}`);
  });

  test('every expression and variable is standard CEL that parses, within 5 KiB', () => {
    for (const object of [...restricted, ...baseline].filter((o) => o.kind === 'ValidatingAdmissionPolicy')) {
      const spec = object.spec as any;
      for (const { expression } of [...spec.variables ?? [], ...spec.validations, ...spec.matchConditions]) {
        expect(() => parse(expression)).not.toThrow();
        expect(expression).not.toMatch(/\?\.|\.\?|optional\.|cel\.bind|quantity\(|url\(|ip\(/);
        expect(expression.length).toBeLessThanOrEqual(5 * 1024);
      }
    }
  });

  test('bindings deny, and leave kube-system out', () => {
    expect(restricted[1].spec).toEqual({
      policyName: 'kubeharden-pss-restricted',
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] } },
    });
  });

  test('options: guide rules, exempt namespaces, actions, name prefix', () => {
    const objects = generateAdmissionPolicies({
      pss: 'baseline', guideRules: ['no-external-exposure'], exemptNamespaces: [], validationActions: ['Warn', 'Audit'], namePrefix: 'acme',
    });
    expect(objects.map((o) => o.metadata?.name)).toEqual(['acme-pss-baseline', 'acme-pss-baseline', 'acme-guide-services', 'acme-guide-services']);
    expect(objects[1].spec).toEqual({ policyName: 'acme-pss-baseline', validationActions: ['Warn', 'Audit'] });
  });

  test.each([
    [{ pss: 'privileged' }, 'invalid Pod Security Standards level "privileged": use baseline or restricted'],
    [{ guideRules: ['run-as-non-root'] }, 'rule "run-as-non-root" has no admission policy: use image-digest-pinned, resource-limits, no-external-exposure'],
    [{ guideRules: ['resource-limits', 'resource-limits'] }, 'rule "resource-limits" is listed twice in guideRules: list each rule once'],
    [{ validationActions: ['Audit', 'Audit'] }, 'action "Audit" is listed twice in validationActions: list each action once'],
    [{ validationActions: ['Deny', 'Warn'] }, 'invalid validationActions ["Deny","Warn"]: use Deny, Warn or Audit (Deny and Warn exclude each other)'],
    [{ validationActions: [] }, 'invalid validationActions []'],
    [{ exemptNamespaces: ['Kube_System'] }, 'invalid namespace "Kube_System" in exemptNamespaces'],
    [{ namePrefix: 'Bad Prefix' }, 'invalid name prefix "Bad Prefix"'],
    [{ namePrefix: 7 }, 'namePrefix 7 is not a string'],
    [{ exemptNamespaces: 'kube-system' }, 'exemptNamespaces "kube-system" is not a list of strings'],
    [{ guideRules: [1] }, 'guideRules [1] is not a list of strings'],
    [{ validationActions: 'Deny' }, 'validationActions "Deny" is not a list of strings'],
    [{ pss: { level: 'restricted' } }, 'invalid Pod Security Standards level {"level":"restricted"}: use baseline or restricted'],
  ])('rejects %j', (options, message) => {
    expect(() => generateAdmissionPolicies(options as never)).toThrow(message);
    expect(() => generateAdmissionPolicies(options as never)).toThrow(AdmissionPolicyOptionsError);
  });

  test.each([
    [{ exemptNamespace: ['falco'] }, 'unknown option exemptNamespace. Fix: use exemptNamespaces, or remove it'],
    [{ validationAction: ['Warn'] }, 'unknown option validationAction. Fix: use validationActions, or remove it'],
    [{ mode: 'warn' }, 'unknown option mode. Fix: use pss, guideRules, exemptNamespaces, validationActions, namePrefix, or remove it'],
  ])('rejects the misspelt or unknown option in %j, which would leave its default in place', (options, message) => {
    const error = (() => {
      try {
        generateAdmissionPolicies(options as never);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AdmissionPolicyOptionsError);
    expect(error!.message).toBe(message);
  });
});

describe('AdmissionGuard', () => {
  test('emits the same objects as generateAdmissionPolicies', () => {
    const chart = Testing.chart();
    const guard = new AdmissionGuard(chart, 'guard', { pss: 'restricted' });
    expect(Testing.synth(chart)).toEqual(restricted);
    expect(guard.policies.map((p) => p.name)).toEqual(['kubeharden-pss-restricted', 'kubeharden-guide-workloads', 'kubeharden-guide-services']);
    expect(guard.bindings).toHaveLength(3);
  });

  test('bad props name the construct', () => {
    expect(() => buildAdmissionGuard('Chart/guard', { pss: 'strict' as never }))
      .toThrow('[Chart/guard] invalid Pod Security Standards level "strict": use baseline or restricted.');
    expect(() => new AdmissionGuard(Testing.chart(), 'guard', { exemptNamespaces: ['-x'] })).toThrow('invalid namespace "-x" in exemptNamespaces');
  });
});

describe('kubeharden admission-policy', () => {
  function io(): CliIo & { out: string; err: string } {
    const captured = {
      out: '',
      err: '',
      isTty: false,
      stdout(text: string) { captured.out += text; },
      stderr(text: string) { captured.err += text; },
      readStdin: async () => Buffer.from(''),
    };
    return captured;
  }

  test('prints the policies as multi-document YAML', async () => {
    const cli = io();
    expect(await runAdmissionPolicy(['--pss', 'baseline'], cli)).toBe(0);
    expect(cli.err).toBe('');
    expect(cli.out.startsWith('---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\n')).toBe(true);
    expect(loadAll(cli.out)).toEqual(baseline);
  });

  test('defaults to restricted and accepts the options', async () => {
    const cli = io();
    expect(await runAdmissionPolicy(['--rules=none', '--exempt-namespaces', 'kube-system,monitoring', '--actions', 'Warn'], cli)).toBe(0);
    const objects = loadAll(cli.out) as any[];
    expect(objects.map((o) => o.metadata.name)).toEqual(['kubeharden-pss-restricted', 'kubeharden-pss-restricted']);
    expect(objects[1].spec.validationActions).toEqual(['Warn']);
    expect(objects[1].spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual(['kube-system', 'monitoring']);
  });

  test('--help prints the usage', async () => {
    const cli = io();
    expect(await runAdmissionPolicy(['--help'], cli)).toBe(0);
    expect(cli.out).toContain('kubeharden admission-policy [--pss baseline|restricted]');
  });

  test.each([
    [['--pss', 'privileged'], 'invalid value "privileged" for --pss: use baseline or restricted'],
    [['--pss'], 'Option \'--pss <value>\' argument missing'],
    [['--format', 'json'], 'Unknown option \'--format\''],
    [['extra'], 'unexpected argument "extra"'],
    [['--rules', 'run-as-non-root'], 'rule "run-as-non-root" has no admission policy'],
    [['--actions', 'Deny,,Warn'], 'invalid list "Deny,,Warn": separate values with commas'],
  ])('exits 2 with one line on bad usage: %j', async (argv, message) => {
    const cli = io();
    expect(await runAdmissionPolicy(argv, cli)).toBe(2);
    expect(cli.out).toBe('');
    expect(cli.err).toContain(message);
    expect(cli.err.trimEnd().split('\n')).toHaveLength(1);
    expect(cli.err).toMatch(/^kubeharden admission-policy: .*\. Run kubeharden admission-policy --help for usage\.\n$/);
  });

  test('the YAML round-trips the CEL exactly', async () => {
    const cli = io();
    await runAdmissionPolicy([], cli);
    const first = load(cli.out.split('---\n')[1]) as any;
    expect(first.spec.validations.map((v: any) => v.expression)).toEqual((restricted[0].spec as any).validations.map((v: any) => v.expression));
  });
});
