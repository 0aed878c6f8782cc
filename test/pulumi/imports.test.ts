/**
 * `kubeharden/pulumi` loads neither cdk8s nor the CrossGuard runtime: a Pulumi program needs neither, and
 * constructing a PolicyPack would start a gRPC server.
 */
jest.mock('cdk8s', () => {
  throw new Error('kubeharden/pulumi loaded cdk8s');
});
jest.mock('constructs', () => {
  throw new Error('kubeharden/pulumi loaded constructs');
});
jest.mock('@pulumi/policy', () => {
  throw new Error('kubeharden/pulumi loaded @pulumi/policy');
});

test('require(\'src/pulumi\') loads neither cdk8s, constructs nor @pulumi/policy', async () => {
  const pulumiEntry = await import('../../src/pulumi');
  expect(typeof pulumiEntry.HardenedDeployment).toBe('function');
  expect(pulumiEntry.policies.length).toBeGreaterThan(0);
});

test('the policy pack entry point is the one that loads @pulumi/policy', async () => {
  await expect(import('../../src/pulumi/policy-pack')).rejects.toThrow('kubeharden/pulumi loaded @pulumi/policy');
});

test('the guards trip on the cdk8s entry point', async () => {
  await expect(import('../../src/cdk8s')).rejects.toThrow(/loaded (cdk8s|constructs)/);
});
