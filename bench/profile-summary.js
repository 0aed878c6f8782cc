#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time and the most
 * inclusive time. Usage: node bench/profile-summary.js <file.cpuprofile> [top-self] [top-inclusive]
 */
const { readFileSync } = require('fs');

function summarise(profile, topSelf = 25, topInclusive = 40) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
  const timeByNode = new Map();
  profile.samples.forEach((id, i) => timeByNode.set(id, (timeByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const label = (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|lib|bench)\//, '$1/')}:${lineNumber + 1}`;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const [id, time] of timeByNode) {
    total += time;
    const key = label(nodes.get(id));
    self.set(key, (self.get(key) ?? 0) + time);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const k = label(nodes.get(at));
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + time);
      seen.add(k);
    }
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, t]) => `${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return `total ${(total / 1000).toFixed(0)} ms\n-- self time\n${top(self, topSelf)}\n-- inclusive time\n${top(inclusive, topInclusive)}\n`;
}

if (require.main === module) {
  const [file, topSelf, topInclusive] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/profile-summary.js <file.cpuprofile> [top-self] [top-inclusive]\n');
    process.exit(2);
  }
  process.stdout.write(summarise(JSON.parse(readFileSync(file, 'utf8')), Number(topSelf) || 25, Number(topInclusive) || 40));
}

module.exports = { summarise };
