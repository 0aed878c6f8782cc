'use strict';
/**
 * The audit floor: read a file and parse it with js-yaml `loadAll`, and nothing else.
 * Usage: node bench/scenarios/js-yaml-floor.js <file>
 */
const { readFileSync } = require('fs');
const yaml = require('js-yaml');

let documents = 0;
yaml.loadAll(readFileSync(process.argv[2], 'utf8'), () => { documents++; });
if (process.benchReport) process.benchReport.documents = documents;
