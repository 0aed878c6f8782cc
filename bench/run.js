#!/usr/bin/env node
'use strict';
/**
 * kubeharden's benchmarks: each scenario runs kubeharden and its peer (or floor) in separate processes,
 * interleaved, several times, and compares the medians of CPU time and peak memory as ratios measured in
 * the same run (CPU time, unlike wall time, hardly moves when other work shares the machine; wall time is
 * printed too). Exits 1 when a budget fails. See bench/README.md.
 *
 * Usage: node bench/run.js [--only <scenario,...>] [--reps <n>] [--smoke] [--json <file>]
 *   --only   run only these scenarios (synth, pulumi, audit, streaming, scaling, startup)
 *   --reps   repetitions per variant (default 5; scaling uses at most 3)
 *   --smoke  tiny sizes and one repetition, to check that every scenario runs; budgets are not checked
 *   --json   also write the measurements and budget results to <file>
 */
const { writeFileSync } = require('fs');
const { join, resolve } = require('path');
const { writeCorpus } = require('./lib/corpus');
const { measure, median, scratchDirectory } = require('./lib/measure');

const ROOT = resolve(__dirname, '..');
const SCENARIO_DIR = join(__dirname, 'scenarios');
const KUBEHARDEN_BIN = join(ROOT, 'bin', 'kubeharden');

/** The audit exits 1 when it finds something at or above --fail-on: both are a completed audit. */
const AUDIT_EXIT_CODES = [0, 1];

function parseOptions(argv) {
  const options = { only: undefined, reps: 5, smoke: false, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--smoke') options.smoke = true;
    else if (arg === '--only') options.only = argv[++i].split(',');
    else if (arg === '--reps') options.reps = Number(argv[++i]);
    else if (arg === '--json') options.json = argv[++i];
    else throw new Error(`unknown option ${arg}. Usage: node bench/run.js [--only <scenario,...>] [--reps <n>] [--smoke] [--json <file>]`);
  }
  if (!Number.isInteger(options.reps) || options.reps < 1) throw new Error('--reps needs a whole number, 1 or more');
  if (options.smoke) options.reps = 1;
  return options;
}

/** A node process running a scenario script, which times its own section. */
function scenarioProcess(script, args) {
  return { args: [join(SCENARIO_DIR, script), ...args], scope: 'section' };
}

/** `kubeharden audit <file> --format json > /dev/null`, timed as a whole process. */
function auditProcess(file, objects) {
  return { args: [KUBEHARDEN_BIN, 'audit', file, '--format', 'json'], scope: 'process', okCodes: AUDIT_EXIT_CODES, objects };
}

/** The floor of an audit: a node process that reads `file` and parses it with js-yaml, timed as a whole process. */
function parseOnlyProcess(file, objects) {
  return { args: [join(SCENARIO_DIR, 'js-yaml-floor.js'), file], scope: 'process', objects };
}

/**
 * The scenarios. Each prepares its inputs (untimed), lists its variants (a process each) and its budgets:
 * `metric` of `subject` divided by `metric` of `against` must be at most `max`, or, for `framework-free`,
 * the subject must load neither cdk8s nor Pulumi.
 */
function scenarios(options) {
  const size = (full, smoke) => (options.smoke ? smoke : full);
  const synthSize = size(1000, 20);
  const pulumiSize = size(1000, 20);
  const auditSize = size(20_000, 40);
  const halfAuditSize = auditSize / 2;
  const scaleSmall = size(1000, 10);
  const scaleLarge = size(10_000, 100);
  return [
    {
      id: 'synth',
      title: `cdk8s synthesis: ${synthSize} HardenedDeployments in one App, app.synthYaml()`,
      prepare: async ({ scratch }) => {
        const objects = join(scratch, 'cdk8s-objects.json');
        await measure(scenarioProcess('cdk8s-synth.js', ['--variant', 'kubeharden', '--size', String(synthSize), '--write', objects]).args, { scratch, cwd: ROOT });
        return { objects };
      },
      variants: ({ objects }) => ({
        kubeharden: scenarioProcess('cdk8s-synth.js', ['--variant', 'kubeharden', '--size', String(synthSize)]),
        'cdk8s-plus (peer)': scenarioProcess('cdk8s-synth.js', ['--variant', 'cdk8s-plus', '--size', String(synthSize)]),
        'floor (bare ApiObjects)': scenarioProcess('cdk8s-synth.js', ['--variant', 'floor', '--size', String(synthSize), '--objects', objects]),
      }),
      budgets: [
        { metric: 'time', subject: 'kubeharden', against: 'cdk8s-plus (peer)', max: 1.0 },
        { metric: 'memory', subject: 'kubeharden', against: 'cdk8s-plus (peer)', max: 1.0 },
        { metric: 'time', subject: 'kubeharden', against: 'floor (bare ApiObjects)', max: 1.25 },
      ],
    },
    {
      id: 'pulumi',
      title: `Pulumi under mocks: ${pulumiSize} HardenedDeployment components`,
      prepare: async ({ scratch }) => {
        const objects = join(scratch, 'pulumi-objects.json');
        await measure(scenarioProcess('pulumi.js', ['--variant', 'kubeharden', '--size', String(pulumiSize), '--write', objects]).args, { scratch, cwd: ROOT });
        return { objects };
      },
      variants: ({ objects }) => ({
        kubeharden: scenarioProcess('pulumi.js', ['--variant', 'kubeharden', '--size', String(pulumiSize)]),
        'bare @pulumi/kubernetes (floor)': scenarioProcess('pulumi.js', ['--variant', 'bare', '--size', String(pulumiSize), '--objects', objects]),
      }),
      budgets: [
        { metric: 'time', subject: 'kubeharden', against: 'bare @pulumi/kubernetes (floor)', max: 1.2 },
      ],
    },
    {
      id: 'audit',
      title: `kubeharden audit: ${auditSize} mixed objects, whole process, --format json > /dev/null`,
      prepare: async ({ scratch }) => ({ corpus: corpusFile(scratch, auditSize, 'mixed') }),
      variants: ({ corpus }) => ({
        kubeharden: auditProcess(corpus, auditSize),
        'js-yaml loadAll (floor)': parseOnlyProcess(corpus, auditSize),
      }),
      budgets: [
        { metric: 'time', subject: 'kubeharden', against: 'js-yaml loadAll (floor)', max: 1.5 },
      ],
    },
    {
      id: 'streaming',
      title: `kubeharden audit memory: ${halfAuditSize} against ${auditSize} objects (peak RSS must not grow with documents)`,
      prepare: async ({ scratch }) => ({
        hardenedHalf: corpusFile(scratch, halfAuditSize, 'hardened'),
        hardenedFull: corpusFile(scratch, auditSize, 'hardened'),
        mixedHalf: corpusFile(scratch, halfAuditSize, 'mixed'),
        mixedFull: corpusFile(scratch, auditSize, 'mixed'),
      }),
      variants: (files) => ({
        [`hardened ${auditSize}`]: auditProcess(files.hardenedFull, auditSize),
        [`hardened ${halfAuditSize}`]: auditProcess(files.hardenedHalf, halfAuditSize),
        [`mixed ${auditSize}`]: auditProcess(files.mixedFull, auditSize),
        [`mixed ${halfAuditSize}`]: auditProcess(files.mixedHalf, halfAuditSize),
      }),
      budgets: [
        { metric: 'memory', subject: `hardened ${auditSize}`, against: `hardened ${halfAuditSize}`, max: 1.1 },
        { metric: 'memory', subject: `mixed ${auditSize}`, against: `mixed ${halfAuditSize}`, max: 2.0 },
      ],
    },
    {
      id: 'scaling',
      title: `Scaling from ${scaleSmall} to ${scaleLarge}: cdk8s synthesis (HardenedDeployments) and audit (objects, in-process)`,
      reps: Math.min(options.reps, 3),
      prepare: async ({ scratch }) => ({
        small: corpusFile(scratch, scaleSmall, 'mixed'),
        large: corpusFile(scratch, scaleLarge, 'mixed'),
      }),
      variants: ({ small, large }) => ({
        [`synthesis ${scaleLarge}`]: scenarioProcess('cdk8s-synth.js', ['--variant', 'kubeharden', '--size', String(scaleLarge)]),
        [`synthesis ${scaleSmall}`]: scenarioProcess('cdk8s-synth.js', ['--variant', 'kubeharden', '--size', String(scaleSmall)]),
        [`audit ${scaleLarge}`]: scenarioProcess('audit-in-process.js', ['--file', large]),
        [`audit ${scaleSmall}`]: scenarioProcess('audit-in-process.js', ['--file', small]),
      }),
      budgets: [
        { metric: 'time', subject: `synthesis ${scaleLarge}`, against: `synthesis ${scaleSmall}`, max: 11 },
        { metric: 'time', subject: `audit ${scaleLarge}`, against: `audit ${scaleSmall}`, max: 11 },
      ],
    },
    {
      id: 'startup',
      title: 'Start-up: kubeharden audit of one small file (6 objects), whole process',
      prepare: async ({ scratch }) => ({ small: corpusFile(scratch, 6, 'hardened') }),
      variants: ({ small }) => ({
        kubeharden: auditProcess(small, 6),
        'js-yaml loadAll (floor)': parseOnlyProcess(small, 6),
        'node -e 0': { args: ['-e', '0'], scope: 'process' },
      }),
      budgets: [
        { metric: 'time', subject: 'kubeharden', against: 'js-yaml loadAll (floor)', max: 2.0 },
        { metric: 'framework-free', subject: 'kubeharden' },
      ],
    },
  ].filter((s) => !options.only || options.only.includes(s.id));
}

function corpusFile(scratch, objects, mix) {
  const file = join(scratch, `corpus-${mix}-${objects}.yaml`);
  writeCorpus(file, objects, mix);
  return file;
}

/** Runs every variant `reps` times, interleaved (the order rotates each round), and takes the medians. */
async function runScenario(scenario, options, scratch) {
  const inputs = await scenario.prepare({ scratch });
  const variants = Object.entries(scenario.variants(inputs));
  const reps = scenario.reps ?? options.reps;
  const samples = Object.fromEntries(variants.map(([name]) => [name, []]));
  for (let round = 0; round < reps; round++) {
    for (let k = 0; k < variants.length; k++) {
      const [name, variant] = variants[(round + k) % variants.length];
      const result = await measure(variant.args, { scratch, cwd: ROOT, okCodes: variant.okCodes });
      const section = variant.scope === 'section';
      samples[name].push({
        ...result,
        cpuMs: section ? result.sectionCpuMs : result.cpuMs,
        wallMs: section ? result.sectionWallMs : result.wallMs,
      });
    }
  }
  const results = Object.fromEntries(variants.map(([name, variant]) => {
    const runs = samples[name];
    return [name, {
      cpuMs: median(runs.map((r) => r.cpuMs)),
      wallMs: median(runs.map((r) => r.wallMs)),
      memoryKb: median(runs.map((r) => r.maxRssKb)),
      objects: runs[0].objects ?? runs[0].registered ?? runs[0].documents ?? variant.objects,
      loadedFrameworks: [...new Set(runs.flatMap((r) => r.loadedFrameworks))],
      runs: runs.map((r) => ({ cpuMs: r.cpuMs, wallMs: r.wallMs, memoryKb: r.maxRssKb })),
    }];
  }));
  const budgets = scenario.budgets.map((budget) => checkBudget(budget, results, options));
  return { id: scenario.id, title: scenario.title, reps, results, budgets };
}

function checkBudget(budget, results, options) {
  const subject = results[budget.subject];
  if (budget.metric === 'framework-free') {
    const loaded = subject.loadedFrameworks;
    return { ...budget, ok: loaded.length === 0, checked: true, detail: loaded.length ? `loads ${loaded.join(', ')}` : 'loads neither cdk8s nor Pulumi' };
  }
  const field = budget.metric === 'time' ? 'cpuMs' : 'memoryKb';
  const ratio = subject[field] / results[budget.against][field];
  return { ...budget, ratio, ok: ratio <= budget.max, checked: !options.smoke };
}

function formatTime(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function formatMemory(kb) {
  return `${(kb / 1024).toFixed(0)} MB`;
}

function verdict(budget) {
  if (!budget.checked) return 'not checked (smoke)';
  return budget.ok ? 'ok' : 'OVER BUDGET';
}

/** The scenario's table: each variant's medians, then each budget with its ratio. */
function formatScenario(outcome) {
  const names = Object.keys(outcome.results);
  const width = Math.max(...names.map((n) => n.length), 7);
  const lines = [`${outcome.title} (median of ${outcome.reps})`];
  lines.push(`  ${'variant'.padEnd(width)}  ${'CPU time'.padStart(9)}  ${'wall time'.padStart(9)}  ${'peak RSS'.padStart(9)}  ${'objects'.padStart(7)}`);
  for (const name of names) {
    const r = outcome.results[name];
    const cells = [formatTime(r.cpuMs), formatTime(r.wallMs), formatMemory(r.memoryKb), String(r.objects ?? '')];
    lines.push(`  ${name.padEnd(width)}  ${cells.map((c, i) => c.padStart(i === 3 ? 7 : 9)).join('  ')}`);
  }
  for (const budget of outcome.budgets) {
    if (budget.metric === 'framework-free') {
      lines.push(`  ${budget.subject}: ${budget.detail} (budget: neither) ${verdict(budget)}`);
      continue;
    }
    const s = outcome.results[budget.subject];
    const a = outcome.results[budget.against];
    const [sv, av] = budget.metric === 'time' ? [formatTime(s.cpuMs), formatTime(a.cpuMs)] : [formatMemory(s.memoryKb), formatMemory(a.memoryKb)];
    const measure = budget.metric === 'time' ? 'CPU time' : 'peak RSS';
    lines.push(`  ${measure} ${budget.subject} / ${budget.against}: ${sv} / ${av} = ${budget.ratio.toFixed(2)} (budget ≤ ${budget.max}) ${verdict(budget)}`);
  }
  return lines.join('\n');
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const { dir, cleanup } = scratchDirectory();
  const outcomes = [];
  try {
    for (const scenario of scenarios(options)) {
      const outcome = await runScenario(scenario, options, dir);
      outcomes.push(outcome);
      process.stdout.write(`${formatScenario(outcome)}\n\n`);
    }
  } finally {
    cleanup();
  }
  const failed = outcomes.flatMap((o) => o.budgets.filter((b) => b.checked && !b.ok).map((b) => `${o.id}: ${b.metric} ${b.subject}${b.against ? ` / ${b.against}` : ''}`));
  if (options.json) writeFileSync(options.json, JSON.stringify({ date: new Date().toISOString(), options, outcomes }, null, 2));
  process.stdout.write(failed.length ? `Over budget: ${failed.join('; ')}\n` : options.smoke ? 'Smoke run: every scenario ran.\n' : 'Every budget holds.\n');
  return failed.length ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`bench: ${e.stack ?? e}\n`);
  process.exitCode = 2;
});
