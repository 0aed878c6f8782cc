import { audit } from '../../src/audit/engine';
import { enforceHardening, HardeningError } from '../../src/core/enforce';
import type { KubeObject } from '../../src/core/types';
import { compliantDeployment, compliantPolicy, firstContainer, podSpec, tweak } from '../fixtures';

const GITHUB_TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

/** Path and message of each `no-literal-secrets` finding of `objects`. */
function findings(...objects: KubeObject[]): string[][] {
  return audit(objects, { rules: ['no-literal-secrets'] }).findings.map((f) => [f.path, f.message]);
}

describe('no-literal-secrets in command and args', () => {
  test('each offending element is a finding at its own pointer, naming command or args', () => {
    const d = tweak(compliantDeployment(), (copy) => {
      firstContainer(copy).command = ['/app', '--token', GITHUB_TOKEN];
      firstContainer(copy).args = ['--x=1', '--db-password=hunter2hunter2'];
    });
    expect(findings(d)).toEqual([
      ['/spec/template/spec/containers/0/command/2', 'container "app" passes an argument in command that holds a GitHub token'],
      ['/spec/template/spec/containers/0/args/1', 'container "app" passes an argument in args that holds a literal password'],
    ]);
  });

  test('every secret argument of a container is reported, not only the first', () => {
    const d = tweak(compliantDeployment(), (copy) => {
      firstContainer(copy).args = ['--api-key=sk_live_abc123', '--verbose', `-t=${GITHUB_TOKEN}`, '--db-password=hunter2hunter2'];
    });
    expect(findings(d)).toEqual([
      ['/spec/template/spec/containers/0/args/0', 'container "app" passes an argument in args that holds an API secret key'],
      ['/spec/template/spec/containers/0/args/2', 'container "app" passes an argument in args that holds a GitHub token'],
      ['/spec/template/spec/containers/0/args/3', 'container "app" passes an argument in args that holds a literal password'],
    ]);
  });

  test('references, paths, ordinary flags and null elements are not findings (other non-strings are bad input)', () => {
    const d = tweak(compliantDeployment(), (copy) => {
      firstContainer(copy).command = ['/app', null];
      firstContainer(copy).args = ['--db-password=$(DB_PASSWORD)', '--password-file=/run/secrets/db', '--token-ttl=1h', '--secret=db-credentials'];
    });
    expect(findings(d)).toEqual([]);
  });

  test('init containers are checked at their own pointers', () => {
    const d = tweak(compliantDeployment(), (copy) => {
      podSpec(copy).initContainers = [{ name: 'migrate', image: 'x', command: ['migrate', `--token=${GITHUB_TOKEN}`] }];
    });
    expect(findings(d)).toEqual([
      ['/spec/template/spec/initContainers/0/command/1', 'container "migrate" passes an argument in command that holds a GitHub token'],
    ]);
  });
});

describe('no-literal-secrets in env', () => {
  test('each literal secret is a finding at its variable\'s value; references and configuration are not', () => {
    const d = tweak(compliantDeployment(), (copy) => {
      firstContainer(copy).env = [
        { name: 'DB_PASSWORD', value: 'hunter2' },
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
        { name: 'GITHUB_TOKEN', value: GITHUB_TOKEN },
        { name: 'CLIENT_SECRET', value: '$(OTHER)' },
      ];
    });
    expect(findings(d)).toEqual([
      ['/spec/template/spec/containers/0/env/0/value', 'container "app" environment variable DB_PASSWORD holds a literal password'],
      ['/spec/template/spec/containers/0/env/3/value', 'container "app" environment variable GITHUB_TOKEN holds a GitHub token'],
    ]);
  });
});

describe('no-literal-secrets with several findings', () => {
  const leaky = () => tweak(compliantDeployment(), (copy) => {
    firstContainer(copy).env = [{ name: 'DB_PASSWORD', value: 'hunter2' }];
    firstContainer(copy).args = [`--token=${GITHUB_TOKEN}`, '--db-password=hunter2hunter2'];
  });

  test('an override exempts each finding, at its own path', () => {
    const d = tweak(leaky(), (copy) => {
      copy.metadata.annotations = {
        'kubeharden.io/overrides': JSON.stringify([{ rule: 'no-literal-secrets', justification: 'Rotated test credentials only, see SEC-7' }]),
      };
    });
    const report = audit([d, compliantPolicy()]);
    expect(report.findings).toEqual([]);
    expect(report.exemptions.map((e) => [e.rule, e.path])).toEqual([
      ['no-literal-secrets', '/spec/template/spec/containers/0/env/0/value'],
      ['no-literal-secrets', '/spec/template/spec/containers/0/args/0'],
      ['no-literal-secrets', '/spec/template/spec/containers/0/args/1'],
    ]);
  });

  test('the synth-time check lists each finding with its field', () => {
    let error: unknown;
    try {
      enforceHardening([leaky(), compliantPolicy()], { overrides: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HardeningError);
    expect((error as HardeningError).findings.map((f) => f.path)).toEqual([
      '/spec/template/spec/containers/0/env/0/value',
      '/spec/template/spec/containers/0/args/0',
      '/spec/template/spec/containers/0/args/1',
    ]);
    expect((error as HardeningError).message).toContain(
      'no-literal-secrets: Deployment/shop/app container "app" passes an argument in args that holds a GitHub token (at /spec/template/spec/containers/0/args/0).',
    );
  });
});
