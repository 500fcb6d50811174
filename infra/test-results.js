#!/usr/bin/env node
// Reads the .trx files that `dotnet test --logger trx` writes (one per test project); used by infra/test.
//
//   node infra/test-results.js failed  <results-dir>               the failed tests, a line each: <test dll>\t<class.method>
//   node infra/test-results.js summary <results-dir> [<rerun-dir>]  the count line `N passed, N failed[, N skipped]`
//
// summary names every failed test on stderr with the first lines of its message and stack, so a CI log that keeps only
// its tail still says what broke. With a rerun directory, a test that failed in the main run and passed when run again
// alone counts as passed and is named as FLAKY, with the message of its first failure; it is a defect to fix all the same.
'use strict';
const fs = require('fs'), path = require('path');

function trxFiles(dir) {
  const files = [];
  if (!dir || !fs.existsSync(dir)) return files;
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith('.trx')) files.push(p);
    }
  })(dir);
  return files.sort();
}

const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
// Quoted attribute values may hold '>'; a passed result is usually self-closing (<UnitTestResult ... />).
const openingTags = (xml, element) => xml.matchAll(new RegExp(`<${element}\\b((?:[^>"']|"[^"]*"|'[^']*')*)>`, 'g'));
const attribute = (attributes, name) => { const m = attributes.match(new RegExp(`\\b${name}="([^"]*)"`)); return m ? unescape(m[1]) : undefined; };
const FAILED = /^(Failed|Error|Timeout|Aborted)$/;

/** One .trx: its counters, and every result with its test's dll and class.method (from the test definitions). */
function read(file) {
  const xml = fs.readFileSync(file, 'utf8');
  const counters = xml.match(/<Counters\b([^>]*)\/?>/);
  const definitions = new Map();
  for (const d of xml.matchAll(/<UnitTest\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/UnitTest>/g)) {
    const method = d[2].match(/<TestMethod\b((?:[^>"']|"[^"]*"|'[^']*')*)\/?>/);
    // The test method's codeBase keeps the dll path's case; the test's storage attribute is lower-cased.
    definitions.set(attribute(d[1], 'id'), method ? {
      dll: attribute(method[1], 'codeBase'), method: `${attribute(method[1], 'className')}.${attribute(method[1], 'name')}`,
    } : {});
  }
  const results = [];
  for (const r of openingTags(xml, 'UnitTestResult')) {
    const attributes = r[1];
    const outcome = attribute(attributes, 'outcome') || '';
    let body = '';
    if (!attributes.endsWith('/')) {
      const start = r.index + r[0].length, end = xml.indexOf('</UnitTestResult>', start);
      body = xml.slice(start, end < 0 ? xml.length : end);
    }
    const text = tag => unescape((body.match(new RegExp(`<${tag}>([\\s\\S]*?)<\\/${tag}>`)) || [, ''])[1])
      .split('\n').map(l => l.trimEnd()).filter(l => l);
    const definition = definitions.get(attribute(attributes, 'testId')) || {};
    results.push({
      name: attribute(attributes, 'testName') || '?', outcome, failed: FAILED.test(outcome), ...definition,
      lines: [...text('Message').slice(0, 6), ...text('StackTrace').filter(l => !l.includes('End of stack trace')).slice(0, 3)],
    });
  }
  const c = {};
  if (counters) for (const a of counters[1].matchAll(/(\w+)="(\d+)"/g)) c[a[1]] = Number(a[2]);
  return { file, hasCounters: !!counters, c, results };
}

const n = (c, k) => c[k] || 0;
const [mode, dir, rerunDir] = process.argv.slice(2);

if (mode === 'failed') {
  const seen = new Set();
  for (const t of trxFiles(dir).map(read)) {
    for (const r of t.results.filter(r => r.failed && r.dll && r.method)) {
      const line = `${r.dll}\t${r.method}`;
      if (!seen.has(line)) { seen.add(line); console.log(line); }
    }
  }
} else if (mode === 'summary') {
  const passedOnRerun = new Set(trxFiles(rerunDir).map(read).flatMap(t => t.results.filter(r => r.outcome === 'Passed').map(r => r.name)));
  const rerunFailures = trxFiles(rerunDir).map(read).flatMap(t => t.results.filter(r => r.failed));
  const sum = { passed: 0, failed: 0, skipped: 0 };
  const show = (label, r, extra = []) =>
    console.error(`[infra/test]   ${label} ${r.name}\n    ${[...r.lines, ...extra].join('\n    ')}`);
  const files = trxFiles(dir);
  for (const t of files.map(read)) {
    if (!t.hasCounters) { console.error(`[infra/test] ${path.basename(t.file)}: no <Counters> element`); sum.failed += 1; continue; }
    const failed = n(t.c, 'failed') + n(t.c, 'error') + n(t.c, 'timeout') + n(t.c, 'aborted') + n(t.c, 'disconnected');
    const skipped = n(t.c, 'notExecuted') + n(t.c, 'notRunnable') + n(t.c, 'inconclusive');
    const flaky = t.results.filter(r => r.failed && passedOnRerun.has(r.name));
    sum.passed += n(t.c, 'passed') + flaky.length; sum.failed += failed - flaky.length; sum.skipped += skipped;
    console.error(`[infra/test] ${path.basename(t.file)}: total ${n(t.c, 'total')}, passed ${n(t.c, 'passed')}, failed ${failed}, skipped ${skipped}`
      + (flaky.length ? ` (${flaky.length} of the failed passed when run again)` : ''));
    for (const r of t.results.filter(r => r.failed)) {
      if (passedOnRerun.has(r.name)) show('FLAKY (failed, then passed when run again)', r);
      else show('FAILED', r, rerunFailures.filter(again => again.name === r.name).flatMap(again => ['run again, it failed again:', ...again.lines]));
    }
  }
  console.error(`[infra/test] ${files.length} .trx file(s) in ${dir}`);
  console.log(`${sum.passed} passed, ${sum.failed} failed` + (sum.skipped ? `, ${sum.skipped} skipped` : ''));
  process.exit(sum.failed > 0 ? 1 : 0);
} else {
  console.error('usage: test-results.js failed|summary <results-dir> [<rerun-dir>]');
  process.exit(2);
}
