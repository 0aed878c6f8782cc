'use strict';
/**
 * Runs one measured process: `node -r report-usage.js <args>`, with its peak RSS and (for timed scenarios)
 * its own `ms` read back from the report file, and the wall time from spawn to exit.
 */
const { spawn } = require('child_process');
const { mkdtempSync, openSync, readFileSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

const REPORTER = join(__dirname, 'report-usage.js');

/** A scratch directory for reports and inputs, removed by `cleanup()`. */
function scratchDirectory() {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-bench-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let runs = 0;

/**
 * Runs `node <args>` in `cwd` with the usage reporter preloaded; resolves to
 * `{ wallMs, maxRssKb, loadedFrameworks, ms?, ...report, exitCode }`. Standard output goes to /dev/null
 * unless `captureStdout`; a run that exits with a code outside `okCodes` rejects with its stderr.
 */
function measure(args, { scratch, cwd, okCodes = [0], captureStdout = false, timeoutMs = 30 * 60_000 }) {
  const reportFile = join(scratch, `report-${process.pid}-${runs++}.json`);
  return new Promise((resolve, reject) => {
    const stdout = captureStdout ? 'pipe' : openSync('/dev/null', 'w');
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', REPORTER, ...args], {
      cwd,
      env: { ...process.env, BENCH_REPORT_FILE: reportFile, NODE_OPTIONS: '' },
      stdio: ['ignore', stdout, 'pipe'],
    });
    let stderr = '';
    let out = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout?.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (signal || !okCodes.includes(code)) {
        reject(new Error(`node ${args.join(' ')} ${signal ? `was killed by ${signal}` : `exited with ${code}`}\n${stderr.trim()}`));
        return;
      }
      let report;
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch (e) {
        reject(new Error(`node ${args.join(' ')} wrote no usage report: ${e.message}\n${stderr.trim()}`));
        return;
      }
      resolve({ wallMs, exitCode: code, stdout: out, ...report });
    });
  });
}

/** The median of numbers. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = { measure, median, scratchDirectory };
