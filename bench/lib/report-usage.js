'use strict';
/**
 * Preloaded into every measured process (`node -r bench/lib/report-usage.js …`). At exit it writes one JSON
 * object to the file named by BENCH_REPORT_FILE: the process's peak resident set size (`maxRssKb`, from
 * getrusage), its CPU time (`cpuMs`, user and system, every thread), whether it loaded cdk8s, constructs or
 * Pulumi (`loadedFrameworks`), and whatever the process put in `process.benchReport` (timed scenarios put
 * the wall and CPU time of their section there).
 */
const { writeFileSync } = require('fs');

const FRAMEWORKS = /[\\/]node_modules[\\/](cdk8s|cdk8s-plus-\d+|constructs|@pulumi[\\/][^\\/]+)[\\/]/;

process.benchReport = {};

process.on('exit', () => {
  const file = process.env.BENCH_REPORT_FILE;
  if (!file) return;
  const frameworks = new Set();
  for (const path of Object.keys(require.cache)) {
    const match = FRAMEWORKS.exec(path);
    if (match) frameworks.add(match[1].replace('\\', '/'));
  }
  const usage = process.resourceUsage();
  writeFileSync(file, JSON.stringify({
    maxRssKb: usage.maxRSS,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    loadedFrameworks: [...frameworks].sort(),
    ...process.benchReport,
  }));
});
