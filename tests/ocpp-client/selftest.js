#!/usr/bin/env node
// Self-test of driver.js against mock-csms.js: every scenario, both protocols, auth refusal, --hold with
// every CSMS->CS call, --stations and --frames. Run: node selftest.js (npm run selftest). Exit 0 when all pass.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');

const here = __dirname;
let failures = 0, passes = 0;
const check = (name, cond, detail) => {
  if (cond) { passes++; console.log(`ok   ${name}`); } else { failures++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
};

function startMock(extra = []) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(here, 'mock-csms.js'), '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = [];
    const rl = readline.createInterface({ input: p.stdout });
    rl.on('line', (l) => {
      let o; try { o = JSON.parse(l); } catch { return; }
      lines.push(o);
      if (o.t === 'listening') resolve({ proc: p, port: o.port, lines });
    });
    p.once('exit', (code) => reject(new Error(`mock exited ${code}`)));
  });
}

function drive(argv, { killWhen, timeoutMs = 30000 } = {}) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(here, 'driver.js'), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    const poll = killWhen && setInterval(() => { if (killWhen(out)) { clearInterval(poll); p.kill('SIGTERM'); } }, 100);
    p.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      const lines = out.trim().split('\n');
      let summary = null;
      try { summary = JSON.parse(lines[lines.length - 1]); } catch { /* none */ }
      resolve({ code, summary, out, err, lines });
    });
  });
}

async function main() {
  const mock = await startMock();
  const url = `ws://127.0.0.1:${mock.port}/ocpp`;
  const framesFile = path.join(os.tmpdir(), `roaming-driver-frames-${process.pid}.jsonl`);

  for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
    const tag = protocol === 'ocpp1.6' ? '16' : '201';
    for (const scenario of ['boot', 'session', 'duplicate', 'offline', 'nostop', 'badframes']) {
      const extra = scenario === 'session' ? ['--frames', framesFile] : [];
      const r = await drive(['--url', url, '--id', `CP-${tag}-${scenario}`, '--protocol', protocol, '--scenario', scenario,
        '--meter-start', '1000', '--samples', '3', '--step-wh', '2500', '--start-time', '2026-11-20T10:00:00Z', '--interval-s', '600', ...extra]);
      const s = r.summary || {};
      const name = `${protocol} ${scenario}`;
      check(`${name}: exit 0 and ok`, r.code === 0 && s.ok === true && s.t === 'summary', `exit ${r.code} ${JSON.stringify(s.errors)} ${r.err}`);
      if (['session', 'duplicate', 'offline'].includes(scenario)) {
        check(`${name}: energy and times`, s.meterStartWh === 1000 && s.meterStopWh === 8500 && s.energyWh === 7500
          && s.startTime === '2026-11-20T10:00:00Z' && s.stopTime === '2026-11-20T10:40:00Z', JSON.stringify(s));
      }
      if (scenario === 'duplicate') {
        check(`${name}: two transactionIds recorded, mock idempotent`, s.transactionIds.length === 2 && s.transactionIds[0] === s.transactionIds[1], JSON.stringify(s.transactionIds));
      }
      if (scenario === 'nostop') check(`${name}: left open`, s.meterStopWh === null && s.lastMeterWh === 8500 && s.openTransactionId !== undefined, JSON.stringify(s));
      if (scenario === 'badframes') {
        check(`${name}: 6 CALLERRORs and a live connection`, s.callErrors.length === 6 && s.callErrors.every((c) => c.errorCode) && s.connectionSurvived === true, JSON.stringify(s.callErrors));
      }
      if (scenario === 'offline' && protocol === 'ocpp2.0.1') {
        const te = r.lines.map((l) => { try { return JSON.parse(l); } catch { return {}; } }).filter((o) => o.action === 'TransactionEvent');
        check(`${name}: offline=true on every TransactionEvent`, te.length === 5 && te.every((o) => o.request.offline === true));
      }
    }
  }

  // frames log
  const frames = fs.readFileSync(framesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  check('frames log has both directions', frames.some((f) => f.dir === 'out') && frames.some((f) => f.dir === 'in') && frames.every((f) => f.ts && f.station));
  fs.unlinkSync(framesFile);

  // auth refusal
  const authMock = await startMock(['--password', 'right-password-0001']);
  const authUrl = `ws://127.0.0.1:${authMock.port}/ocpp`;
  const bad = await drive(['--url', authUrl, '--id', 'CP-AUTH', '--password', 'wrong', '--scenario', 'boot']);
  check('wrong password: exit 1, ok false, httpStatus 401', bad.code === 1 && bad.summary?.ok === false && bad.summary?.httpStatus === 401, JSON.stringify(bad.summary));
  const good = await drive(['--url', authUrl, '--id', 'CP-AUTH', '--password', 'right-password-0001', '--scenario', 'boot', '--protocol', 'ocpp2.0.1']);
  check('right password: ok', good.code === 0 && good.summary?.ok === true, JSON.stringify(good.summary));
  authMock.proc.kill('SIGTERM');

  // refused token
  const inv = await drive(['--url', url, '--id', 'CP-INV', '--idtag', 'INVALID1', '--scenario', 'session']);
  check('invalid idTag: ok false with authorizeStatus Invalid', inv.code === 1 && inv.summary?.authorizeStatus === 'Invalid', JSON.stringify(inv.summary));

  // connection refused (nothing listening)
  const none = await drive(['--url', 'ws://127.0.0.1:1/ocpp', '--scenario', 'boot']);
  check('nothing listening: exit 1, ok false', none.code === 1 && none.summary?.ok === false, JSON.stringify(none.summary));

  // a connection cut before the answer: the driver reconnects and re-sends the transaction message
  for (const [protocol, action] of [['ocpp1.6', 'StopTransaction'], ['ocpp2.0.1', 'TransactionEvent']]) {
    const dropMock = await startMock(['--drop-on', action]);
    const r = await drive(['--url', `ws://127.0.0.1:${dropMock.port}/ocpp`, '--id', 'CP-DROP', '--protocol', protocol, '--scenario', 'session']);
    const retried = r.lines.some((l) => l.includes('"t":"retry"')) && r.lines.some((l) => l.includes('"t":"reconnected"'));
    check(`${protocol} connection cut on ${action}: reconnected, retried, ok`, r.code === 0 && r.summary?.ok === true && retried && r.summary.energyWh === 7500, JSON.stringify(r.summary?.errors));
    dropMock.proc.kill('SIGTERM');
  }

  // several stations
  const many = await drive(['--url', url, '--id', 'CP001', '--stations', '5', '--scenario', 'session', '--protocol', 'ocpp2.0.1', '--quiet']);
  check('--stations 5: all ok', many.code === 0 && many.summary?.okCount === 5 && many.summary?.energyWh === 5 * 7500
    && many.summary.stations.map((s) => s.identity).join() === 'CP001,CP002,CP003,CP004,CP005', JSON.stringify(many.summary?.errors));

  // --hold answering every CSMS->CS call
  const exMock = await startMock(['--exercise']);
  const exUrl = `ws://127.0.0.1:${exMock.port}/ocpp`;
  for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
    const done = new Promise((resolve) => {
      const onLine = () => {
        const d = exMock.lines.find((o) => o.t === 'exercise-done' && o.station === `HOLD-${protocol}`);
        if (d) resolve(d); else setTimeout(onLine, 100);
      };
      onLine();
    });
    let exercised = null;
    done.then((d) => { exercised = d; });
    const r = await drive(['--url', exUrl, '--id', `HOLD-${protocol}`, '--protocol', protocol, '--scenario', 'boot', '--hold', '--await-remote-stop', '--samples', '2', '--remote-sample-ms', '100'],
      { killWhen: () => exercised !== null, timeoutMs: 30000 });
    const s = r.summary || {};
    const results = exercised?.results ?? [];
    const byMethod = (m) => results.filter((x) => x.method === m);
    check(`${protocol} --hold: exit 0 on SIGTERM, ok`, r.code === 0 && s.ok === true, `exit ${r.code} ${JSON.stringify(s.errors)}`);
    check(`${protocol} --hold: every supported call answered`, results.filter((x) => x.method !== 'ClearCache').every((x) => x.ok), JSON.stringify(results.filter((x) => !x.ok)));
    check(`${protocol} --hold: unsupported call gets a CALLERROR`, byMethod('ClearCache')[0]?.ok === false);
    check(`${protocol} --hold: remote start ran a session that the remote stop ended`, s.remoteSessions?.length === 1 && s.remoteSessions[0].stopReason === 'Remote' && s.remoteSessions[0].energyWh >= 0, JSON.stringify(s.remoteSessions));
    const start = protocol === 'ocpp1.6' ? byMethod('RemoteStartTransaction')[0] : byMethod('RequestStartTransaction')[0];
    check(`${protocol} --hold: remote start accepted`, start?.result?.status === 'Accepted');
    if (protocol === 'ocpp2.0.1') check('ocpp2.0.1 --hold: promised transactionId is the one used', start?.result?.transactionId === s.remoteSessions?.[0]?.transactionId);
    const reboots = r.lines.filter((l) => l.includes('"action":"BootNotification"')).length;
    check(`${protocol} --hold: reset reboots (second BootNotification)`, reboots >= 2, `boots ${reboots}`);
  }
  exMock.proc.kill('SIGTERM');
  mock.proc.kill('SIGTERM');

  console.log(`${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
