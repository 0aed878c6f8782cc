import { javascript, typescript } from 'projen';

const project = new typescript.TypeScriptProject({
  name: 'kubeharden',
  packageName: 'kubeharden',
  description: 'Secure-by-default Kubernetes constructs for cdk8s and Pulumi, and an audit command that gates any YAML in CI.',
  keywords: ['kubernetes', 'cdk8s', 'pulumi', 'security', 'pod-security-standards', 'hardening', 'audit', 'sarif'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  typescriptVersion: '~5.9.3',
  minNodeVersion: '20.0.0',

  // This repository is driven by .ci/run and the README; no hosted workflows or release machinery.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  tsconfigDevFile: 'tsconfig.dev.json',

  deps: [
    'js-yaml@^4.1.0',
    'dockerfile-ast@^0.7.1',
    'kubernetes-types@^1.30.0',
    'ajv@^8.17.1',
    'cosmiconfig@^9.0.0',
  ],
  peerDeps: [
    'cdk8s@^2.68.0',
    'constructs@^10.3.0',
    'cdk8s-plus-28@^2.5.0',
    '@pulumi/pulumi@^3.142.0',
    '@pulumi/kubernetes@^4.18.0',
    '@pulumi/policy@^1.13.0',
  ],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    // The peers, at versions that install and run on Node 20 (Pulumi >= 3.249 needs Node 22).
    'cdk8s@^2.70.0',
    'constructs@^10.4.0',
    'cdk8s-plus-28@^2.5.6',
    '@pulumi/pulumi@~3.248.0',
    '@pulumi/kubernetes@^4.34.0',
    '@pulumi/policy@~1.20.0',
    '@types/js-yaml@^4.0.9',
    'fast-check@^3.23.0',
    'kubernetes-models@^4.5.1',
    '@kubernetes-models/validate@^4.0.0',
    'ajv-draft-04@^1.0.0',
    '@bufbuild/cel@^0.6.0',
    'typedoc@^0.28.0',
    'typedoc-plugin-markdown@^4.9.0',
    'esbuild@^0.28.0',
  ],

  bin: { kubeharden: 'bin/kubeharden' },

  jestOptions: {
    // `npm test` compares snapshots and never rewrites them; `npm run test:update` rewrites them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      collectCoverage: false,
      testTimeout: 60_000,
    },
  },
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
      // Source maps (with the sources) beside the files, not inside them: a loaded module's source stays in memory, and
      // inline maps made the library's modules three times their size (about 1.4 MB more in every cdk8s program).
      inlineSourceMap: false,
      sourceMap: true,
    },
  },
  tsconfigDev: {
    compilerOptions: {
      skipLibCheck: true,
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'scripts', 'examples', 'bench'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },
  gitignore: ['/dist/', '/bench/results/', '.DS_Store'],
  npmignoreEnabled: true,
});

project.tsconfigDev.addInclude('.projenrc.ts');

// The package ships the library, its documentation and the examples; not the benchmarks, the doc generators or CI.
for (const dir of ['/.ci/', '/bench/', '/scripts/']) project.addPackageIgnore(dir);

// Subpath exports, with typesVersions for TypeScript resolutions that predate `exports`.
const subpaths = ['cdk8s', 'pulumi', 'testing'];
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  ...Object.fromEntries(subpaths.map((s) => [`./${s}`, { types: `./lib/${s}/index.d.ts`, default: `./lib/${s}/index.js` }])),
  './package.json': './package.json',
});
project.package.addField('typesVersions', {
  '*': Object.fromEntries(subpaths.map((s) => [s, [`lib/${s}/index.d.ts`]])),
});
project.package.addField('peerDependenciesMeta', Object.fromEntries(
  ['cdk8s', 'constructs', 'cdk8s-plus-28', '@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/policy']
    .map((p) => [p, { optional: true }]),
));

// The command runs from one bundled file (js-yaml included; the packages it loads on demand are not): loading the
// hundred-odd modules it is built from one by one took longer than auditing a small file (bench/README.md).
const BUNDLE_CLI = 'esbuild lib/cli/main.js --bundle --platform=node --target=node20 --outfile=lib/cli/main.bundle.js '
  + '--external:ajv --external:cosmiconfig --external:dockerfile-ast --log-level=warning';
const bundleCli = project.addTask('bundle:cli', {
  description: 'Bundle the kubeharden command into lib/cli/main.bundle.js (after compiling)',
  exec: BUNDLE_CLI,
});
project.compileTask.spawn(bundleCli);

// `npm ci` compiles and bundles, so `npx kubeharden` works from the repository root right after install.
project.package.setScript('prepare', `tsc --build && ${BUNDLE_CLI}`);

// API.md: typedoc (markdown plugin) over the public entry points, merged into one committed file.
const docgen = project.addTask('docgen', {
  description: 'Generate API.md from the TSDoc of the public entry points',
  exec: 'ts-node --project tsconfig.dev.json scripts/docgen.ts',
});
project.postCompileTask.spawn(docgen);

// The example app: synthesize with cdk8s and audit the result.
project.addTask('example', {
  description: 'Synthesize the example application into dist/example/ and audit it',
  steps: [
    { exec: 'ts-node --project tsconfig.dev.json examples/cdk8s-app/main.ts' },
    { exec: 'node bin/kubeharden audit dist/example' },
  ],
});

// The same example as a Pulumi program, run under Pulumi's mocks (no CLI or cluster needed).
project.addTask('example:pulumi', {
  description: 'Run the Pulumi example under mocks and write its objects to dist/example-pulumi/',
  exec: 'ts-node --project tsconfig.dev.json examples/pulumi-app/run-with-mocks.ts',
});

// Benchmarks: kubeharden against its peers, as ratios measured in one run (see bench/README.md).
project.addTask('bench', {
  description: 'Run the benchmarks (synthesis, Pulumi, audit, scaling, start-up) against their peers',
  steps: [
    { spawn: 'compile' },
    { exec: 'node bench/run.js', receiveArgs: true },
  ],
});

project.synth();
