import { audit } from '../../src/audit/engine';
import { compliantDeployment, firstContainer, tweak } from '../fixtures';

function findings(resources: unknown): string[] {
  const deployment = tweak(compliantDeployment(), (d) => { firstContainer(d).resources = resources; });
  return audit([deployment], { rules: ['resource-limits'] }).findings.map((f) => `${f.path}: ${f.message}`);
}

const AT = '/spec/template/spec/containers/0/resources';

describe('resource-limits', () => {
  test('requests and limits above 0 pass, however small', () => {
    expect(findings({ requests: { cpu: '1m', memory: '0.5Mi' }, limits: { cpu: '10m', memory: 1048576 } })).toEqual([]);
  });

  test('a missing request or limit is a finding', () => {
    expect(findings({ requests: { cpu: '250m' }, limits: { cpu: '1' } })).toEqual([
      `${AT}/requests: container "app" has no memory requests`,
      `${AT}/limits: container "app" has no memory limits`,
    ]);
    expect(findings({ requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: '512Mi' } })).toEqual([`${AT}/limits: container "app" has no cpu limits`]);
    expect(findings(undefined)).toEqual([`${AT}/requests: container "app" has no cpu or memory requests`, `${AT}/limits: container "app" has no cpu or memory limits`]);
  });

  test('a missing request is the limit, as Kubernetes defaults it, so a limit alone counts as requested', () => {
    expect(findings({ limits: { cpu: '500m', memory: '256Mi' } })).toEqual([]);
    expect(findings({ requests: { cpu: '250m' }, limits: { cpu: '1', memory: '512Mi' } })).toEqual([]);
    expect(findings({ requests: {}, limits: { cpu: 1, memory: 536870912 } })).toEqual([]);
  });

  test('a limit that is not a quantity is no request either, and a request that is not one does not take the limit', () => {
    expect(findings({ requests: { cpu: '100m' }, limits: { cpu: '500m', memory: '512MB' } })).toEqual([
      `${AT}/requests: container "app" has no memory requests`,
      `${AT}/limits: container "app" has no memory limits`,
    ]);
    expect(findings({ requests: { cpu: '100m', memory: 'lots' }, limits: { cpu: '500m', memory: '512Mi' } })).toEqual([`${AT}/requests: container "app" has no memory requests`]);
  });

  test('a limit of 0 without a request is reported once, on the limit', () => {
    expect(findings({ limits: { cpu: '0', memory: '512Mi' } })).toEqual([`${AT}/limits/cpu: container "app" sets limits.cpu to "0", which limits nothing`]);
  });

  test('a quantity of 0 (or below) limits or reserves nothing, as Kubernetes reads it', () => {
    expect(findings({ requests: { cpu: '0m', memory: '128Mi' }, limits: { cpu: '0', memory: 0 } })).toEqual([
      `${AT}/requests/cpu: container "app" sets requests.cpu to "0m", which reserves nothing`,
      `${AT}/limits/cpu: container "app" sets limits.cpu to "0", which limits nothing`,
      `${AT}/limits/memory: container "app" sets limits.memory to 0, which limits nothing`,
    ]);
    expect(findings({ requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '-1', memory: '0.0Gi' } })).toEqual([
      `${AT}/limits/cpu: container "app" sets limits.cpu to "-1", which limits nothing`,
      `${AT}/limits/memory: container "app" sets limits.memory to "0.0Gi", which limits nothing`,
    ]);
  });
});
