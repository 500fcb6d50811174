#!/usr/bin/env node
// Roaming's charge point driver: an OCPP 1.6J / 2.0.1 charging station built on ocpp-rpc's RPCClient in
// strict mode (every request we send and every CSMS response we receive is validated against the official
// JSON schemas). Prints JSON lines of progress; the LAST stdout line is always
//   {"t":"summary","ok":true|false,...}
// and the exit code is 0 when ok. See docs/ocpp-ingest.md and docs/testing.md for the options and the summary fields.
'use strict';

const fs = require('fs');
const { randomUUID } = require('crypto');
const { RPCClient, createRPCError, TimeoutError } = require('ocpp-rpc');

// ------------------------------------------------------------------------------------------------
// command line
// ------------------------------------------------------------------------------------------------
const USAGE = `usage: node driver.js --url ws://127.0.0.1:PORT/ocpp [options]
  --id CP001                 station identity (appended to --url as the last path segment)
  --password SECRET          HTTP Basic auth password (security profile 1); omit for none
  --protocol ocpp1.6|ocpp2.0.1
  --scenario session|duplicate|offline|nostop|badframes|boot|status
  --status Charging          status scenario: the 1.6 status the connector reports (2.0.1: mapped to connectorStatus)
  --connector 1              connector id (2.0.1: connectorId on --evse)
  --evse 1                   2.0.1 EVSE id
  --idtag TOKEN123           idTag (1.6) / idToken (2.0.1)
  --idtoken-type ISO14443    2.0.1 idToken type (ISO14443, Central, eMAID, ...)
  --meter-start 1000         meter register at start, Wh
  --samples 3                MeterValues / TransactionEvent(Updated) between start and stop
  --step-wh 2500             energy added per sample, Wh
  --start-time ISO           reported start time (default: now minus the session's duration)
  --interval-s 600           seconds between reported sample timestamps
  --tx-id ID                 2.0.1 transactionId (default: a random UUID)
  --hold                     stay connected after the scenario and answer CSMS calls until SIGTERM/SIGINT
  --remote-sample-ms 500     during --hold, milliseconds between samples of a remotely started session
  --await-remote-stop        during --hold, a remotely started session charges until RemoteStop
  --no-boot                  offline scenario: replay without a BootNotification first
  --stations 1               run N stations in parallel (identities counted up from --id)
  --frames FILE.jsonl        append every frame in both directions as JSON lines
  --call-timeout-s 30        timeout of one call
  --retry-s 30               how long transaction messages are retried after a lost connection
  --quiet                    print only the summary line
`;

function parseArgs(argv) {
  const flags = new Set(['hold', 'await-remote-stop', 'no-boot', 'quiet', 'help']);
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    a = a.slice(2);
    let v;
    const eq = a.indexOf('=');
    if (eq >= 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    if (flags.has(a)) { o[a] = v === undefined ? true : v !== 'false'; continue; }
    if (v === undefined) {
      if (i + 1 >= argv.length) throw new Error(`option --${a} needs a value`);
      v = argv[++i];
    }
    o[a] = v;
  }
  return o;
}

function intOpt(o, name, dflt, min = -Infinity) {
  if (o[name] === undefined) return dflt;
  const n = Number(o[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got '${o[name]}'`);
  return n;
}

let args;
try {
  const raw = parseArgs(process.argv.slice(2));
  if (raw.help) { process.stdout.write(USAGE); process.exit(0); }
  const known = ['url', 'id', 'password', 'protocol', 'scenario', 'connector', 'evse', 'idtag', 'idtoken-type',
    'status', 'meter-start', 'samples', 'step-wh', 'start-time', 'interval-s', 'tx-id', 'hold', 'remote-sample-ms',
    'await-remote-stop', 'no-boot', 'stations', 'frames', 'call-timeout-s', 'retry-s', 'quiet', 'help'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) throw new Error(`unknown option --${k}`);
  if (!raw.url) throw new Error('--url is required (e.g. ws://127.0.0.1:8080/ocpp)');
  args = {
    url: String(raw.url).replace(/\/+$/, ''),
    id: raw.id ?? 'CP001',
    password: raw.password,
    protocol: raw.protocol ?? 'ocpp1.6',
    scenario: raw.scenario ?? 'session',
    connector: intOpt(raw, 'connector', 1, 1),
    evse: intOpt(raw, 'evse', 1, 1),
    status: raw.status ?? 'Available',
    idTag: raw.idtag ?? 'TOKEN123',
    idTokenType: raw['idtoken-type'] ?? 'ISO14443',
    meterStart: intOpt(raw, 'meter-start', 1000, 0),
    samples: intOpt(raw, 'samples', 3, 0),
    stepWh: intOpt(raw, 'step-wh', 2500, 0),
    intervalS: intOpt(raw, 'interval-s', 600, 1),
    startTime: raw['start-time'],
    txId: raw['tx-id'],
    hold: !!raw.hold,
    remoteSampleMs: intOpt(raw, 'remote-sample-ms', 500, 0),
    awaitRemoteStop: !!raw['await-remote-stop'],
    noBoot: !!raw['no-boot'],
    stations: intOpt(raw, 'stations', 1, 1),
    frames: raw.frames,
    callTimeoutMs: intOpt(raw, 'call-timeout-s', 30, 1) * 1000,
    retryMs: intOpt(raw, 'retry-s', 30, 0) * 1000,
    quiet: !!raw.quiet,
  };
  if (!['ocpp1.6', 'ocpp2.0.1'].includes(args.protocol)) throw new Error(`--protocol must be ocpp1.6 or ocpp2.0.1, got '${args.protocol}'`);
  if (!['session', 'duplicate', 'offline', 'nostop', 'badframes', 'boot', 'status'].includes(args.scenario)) {
    throw new Error(`--scenario must be one of session|duplicate|offline|nostop|badframes|boot|status, got '${args.scenario}'`);
  }
  if (args.startTime !== undefined && Number.isNaN(Date.parse(args.startTime))) throw new Error(`--start-time is not an ISO timestamp: '${args.startTime}'`);
  if (!/^wss?:\/\//.test(args.url)) throw new Error(`--url must start with ws:// or wss://, got '${args.url}'`);
} catch (err) {
  process.stderr.write(`driver: ${err.message}\n\n${USAGE}`);
  process.stdout.write(JSON.stringify({ t: 'summary', ok: false, errors: [err.message] }) + '\n');
  process.exit(2);
}

// ------------------------------------------------------------------------------------------------
// output
// ------------------------------------------------------------------------------------------------
function emit(obj) {
  if (args.quiet && obj.t !== 'summary') return;
  process.stdout.write(JSON.stringify(obj) + '\n');
}

let framesFd = null;
if (args.frames) {
  try { framesFd = fs.openSync(args.frames, 'a'); } catch (err) {
    emit({ t: 'summary', ok: false, errors: [`cannot open --frames file: ${err.message}`] });
    process.exit(2);
  }
}
function logFrame(station, dir, raw) {
  if (framesFd === null) return;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  let frame;
  try { frame = JSON.parse(text); } catch { frame = undefined; }
  const line = { ts: new Date().toISOString(), station, dir, ...(frame !== undefined ? { frame } : { raw: text }) };
  fs.writeSync(framesFd, JSON.stringify(line) + '\n');
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TX_ACTIONS = new Set(['StartTransaction', 'StopTransaction', 'MeterValues', 'TransactionEvent']);

function stationIds(first, n) {
  if (n === 1) return [first];
  const m = /^(.*?)(\d+)$/.exec(first);
  const ids = [];
  for (let i = 0; i < n; i++) {
    if (m) ids.push(m[1] + String(Number(m[2]) + i).padStart(m[2].length, '0'));
    else ids.push(`${first}-${String(i + 1).padStart(3, '0')}`);
  }
  return ids;
}

function describeError(err) {
  if (!err) return 'unknown error';
  if (err.rpcErrorCode) return `${err.rpcErrorCode}: ${err.message || err.rpcErrorMessage || ''}`.trim();
  return err.message || String(err);
}

// A call that failed because the connection went away (not because the CSMS answered).
function isConnectionLoss(err) {
  return !err.rpcErrorCode && /socket not open|disconnected|going away|not open/i.test(err.message || '');
}

// ------------------------------------------------------------------------------------------------
// one charging station
// ------------------------------------------------------------------------------------------------
class Station {
  constructor(identity) {
    this.id = identity;
    this.v16 = args.protocol === 'ocpp1.6';
    this.errors = [];
    this.transactionIds = [];
    this.calls = 0;
    this.inbound = [];
    this.callErrors = [];
    this.strictFailures = [];
    this.remoteSessions = [];
    this.tx = null;            // the active transaction on our connector
    this.meterWh = args.meterStart;
    this.heartbeatTimer = null;
    this.heartbeatS = 0;
    this.summary = {
      identity, protocol: args.protocol, scenario: args.scenario,
      transactionIds: this.transactionIds, meterStartWh: null, meterStopWh: null, energyWh: null,
      expectedEnergyWh: ['badframes', 'boot'].includes(args.scenario) ? null : args.samples * args.stepWh, startTime: null, stopTime: null, samples: 0,
    };
    this.available = true;
    this.reservations = new Map(); // reservationId -> { idTag, connectorId | evseId, expiry }
    this.config16 = new Map([
      ['HeartbeatInterval', { value: '300', readonly: false }],
      ['MeterValueSampleInterval', { value: String(args.intervalS), readonly: false }],
      ['MeterValuesSampledData', { value: 'Energy.Active.Import.Register,Power.Active.Import', readonly: false }],
      ['StopTxnSampledData', { value: 'Energy.Active.Import.Register', readonly: false }],
      ['ConnectionTimeOut', { value: '60', readonly: false }],
      ['AuthorizeRemoteTxRequests', { value: 'false', readonly: false }],
      ['LocalAuthorizeOffline', { value: 'true', readonly: false }],
      ['StopTransactionOnInvalidId', { value: 'true', readonly: false }],
      ['TransactionMessageAttempts', { value: '3', readonly: false }],
      ['TransactionMessageRetryInterval', { value: '5', readonly: false }],
      ['WebSocketPingInterval', { value: '30', readonly: false }],
      ['NumberOfConnectors', { value: String(args.connector), readonly: true }],
      ['SupportedFeatureProfiles', { value: 'Core,RemoteTrigger', readonly: true }],
      ['AuthorizationKey', { value: null, readonly: false, writeOnly: true }],
      ['SecurityProfile', { value: args.password ? '1' : '0', readonly: false }],
    ]);
    this.vars201 = new Map([
      ['OCPPCommCtrlr/HeartbeatInterval', { value: '300' }],
      ['OCPPCommCtrlr/WebSocketPingInterval', { value: '30' }],
      ['SampledDataCtrlr/TxUpdatedInterval', { value: String(args.intervalS) }],
      ['SampledDataCtrlr/TxUpdatedMeasurands', { value: 'Energy.Active.Import.Register,Power.Active.Import' }],
      ['SampledDataCtrlr/TxEndedMeasurands', { value: 'Energy.Active.Import.Register' }],
      ['TxCtrlr/TxStartPoint', { value: 'Authorized' }],
      ['TxCtrlr/TxStopPoint', { value: 'EVConnected,Authorized' }],
      ['AuthCtrlr/AuthorizeRemoteStart', { value: 'false' }],
      ['SecurityCtrlr/SecurityProfile', { value: args.password ? '1' : '0' }],
      ['SecurityCtrlr/BasicAuthPassword', { value: null, writeOnly: true }],
      ['DeviceDataCtrlr/ItemsPerMessage', { value: '10', readonly: true }],
    ]);
  }

  log(obj) { emit({ ...obj, station: this.id }); }
  fail(msg) { this.errors.push(msg); this.log({ t: 'error', error: msg }); }

  // ---- connection ----------------------------------------------------------------------------
  async connect() {
    this.client = new RPCClient({
      endpoint: args.url,
      identity: this.id,
      password: args.password,
      protocols: [args.protocol],
      strictMode: true,
      callTimeoutMs: args.callTimeoutMs,
      reconnect: true,
      maxReconnects: Infinity,
      backoff: { initialDelay: 300, maxDelay: 5000, factor: 2, randomisationFactor: 0.25 },
    });
    const c = this.client;
    c.on('message', ({ message, outbound }) => logFrame(this.id, outbound ? 'out' : 'in', message));
    c.on('strictValidationFailure', (e) => {
      const what = `${e.outbound ? 'outbound' : 'inbound'} ${e.isCall ? 'call' : 'response'} ${e.method}: ${e.error?.message}`;
      this.strictFailures.push(what);
      this.log({ t: 'strictValidationFailure', detail: what });
    });
    c.on('disconnect', ({ code, reason }) => this.log({ t: 'disconnect', code, reason: String(reason ?? '') }));
    c.on('open', () => { if (this.connectedOnce) this.log({ t: 'reconnected' }); this.connectedOnce = true; });
    c.on('badMessage', ({ error, response }) => {
      if (this.onBadMessage) this.onBadMessage(error, response);
    });
    this.registerHandlers();
    try {
      await c.connect();
    } catch (err) {
      const status = err.code && Number.isInteger(err.code) ? err.code : undefined;
      this.summary.httpStatus = status;
      const msg = status ? `connection refused: HTTP ${status} ${err.message}` : `connection failed: ${err.message}`;
      this.fail(msg);
      return false;
    }
    this.summary.negotiatedProtocol = c.protocol;
    this.log({ t: 'connected', url: `${args.url}/${encodeURIComponent(this.id)}`, protocol: c.protocol });
    if (c.protocol !== args.protocol) {
      this.fail(`CSMS negotiated subprotocol '${c.protocol}' instead of '${args.protocol}'`);
      return false;
    }
    return true;
  }

  async waitOpen(deadline) {
    while (this.client.state !== RPCClient.OPEN) {
      if (Date.now() > deadline || this.client.state === RPCClient.CLOSED) return false;
      await sleep(100);
    }
    return true;
  }

  // One call, logged. Transaction messages are retried (new message id, same payload) after a lost
  // connection or an InternalError, like a charger's transaction queue.
  async call(action, payload, { retry = TX_ACTIONS.has(action) } = {}) {
    const deadline = Date.now() + args.retryMs;
    for (let attempt = 1; ; attempt++) {
      const t0 = Date.now();
      const strictBefore = this.strictFailures.length;
      try {
        this.calls++;
        if (this.client.state !== RPCClient.OPEN && retry) await this.waitOpen(deadline);
        const res = await this.client.call(action, payload);
        this.log({ t: 'call', action, request: payload, response: res, ms: Date.now() - t0, ...(attempt > 1 ? { attempt } : {}) });
        return res;
      } catch (err) {
        const invalidResponse = this.strictFailures.length > strictBefore;
        const retriable = retry && !invalidResponse
          && (isConnectionLoss(err) || err instanceof TimeoutError || err.rpcErrorCode === 'InternalError');
        if (retriable && Date.now() < deadline) {
          this.log({ t: 'retry', action, attempt, error: describeError(err) });
          await sleep(Math.min(500 * attempt, 5000));
          await this.waitOpen(deadline);
          continue;
        }
        const what = invalidResponse ? `invalid CSMS response (strict schema): ${err.message}`
          : err.rpcErrorCode ? `CALLERROR ${describeError(err)}` : describeError(err);
        this.log({ t: 'call', action, request: payload, error: what, ms: Date.now() - t0 });
        const e = new Error(`${action}: ${what}`);
        e.reported = invalidResponse;
        throw e;
      }
    }
  }

  // ---- message builders ----------------------------------------------------------------------
  sv16(value, measurand, unit, context) {
    return { value: String(value), context, measurand, location: 'Outlet', unit };
  }
  sv201(value, measurand, unit, context) {
    return { value, context, measurand, location: 'Outlet', unitOfMeasure: { unit, multiplier: 0 } };
  }

  async boot(reason = 'PowerUp') {
    const payload = this.v16
      ? { chargePointVendor: 'Roaming', chargePointModel: 'ocpp-rpc-driver', chargePointSerialNumber: `SN-${this.id}`.slice(0, 25), firmwareVersion: '1.0.0' }
      : { reason, chargingStation: { vendorName: 'Roaming', model: 'ocpp-rpc-driver', serialNumber: `SN-${this.id}`.slice(0, 25), firmwareVersion: '1.0.0' } };
    for (let i = 0; i < 5; i++) {
      const res = await this.call('BootNotification', payload);
      this.summary.bootStatus = res.status;
      if (res.status === 'Accepted') {
        this.heartbeatS = res.interval;
        return true;
      }
      if (res.status === 'Rejected') { this.fail(`BootNotification rejected`); return false; }
      await sleep(Math.min(Math.max(res.interval, 1), 2) * 1000);
    }
    this.fail('BootNotification stayed Pending');
    return false;
  }

  async status(status16, whenMs = Date.now(), connectorId = args.connector) {
    if (this.v16) {
      return this.call('StatusNotification', { connectorId, errorCode: 'NoError', status: status16, timestamp: iso(whenMs) });
    }
    const map = { Available: 'Available', Preparing: 'Occupied', Charging: 'Occupied', Finishing: 'Occupied', Unavailable: 'Unavailable', Faulted: 'Faulted', Reserved: 'Reserved', SuspendedEV: 'Occupied', SuspendedEVSE: 'Occupied' };
    return this.call('StatusNotification', { timestamp: iso(whenMs), connectorStatus: map[status16] ?? status16, evseId: connectorId === 0 ? 0 : args.evse, connectorId: connectorId === 0 ? 0 : args.connector });
  }

  async authorize() {
    if (this.v16) {
      const res = await this.call('Authorize', { idTag: args.idTag });
      this.summary.authorizeStatus = res.idTagInfo?.status;
      return res.idTagInfo?.status;
    }
    const res = await this.call('Authorize', { idToken: this.idToken() });
    this.summary.authorizeStatus = res.idTokenInfo?.status;
    return res.idTokenInfo?.status;
  }

  idToken() { return { idToken: args.idTag, type: args.idTokenType }; }

  // ---- transaction primitives (both protocols) -----------------------------------------------
  async startTx({ startMs, offline = false, remoteStartId, idTag = args.idTag, duplicate = false, txId: givenTxId }) {
    const meterStart = this.meterWh;
    if (this.v16) {
      const payload = { connectorId: args.connector, idTag, meterStart, timestamp: iso(startMs) };
      const res = await this.call('StartTransaction', payload);
      this.transactionIds.push(res.transactionId);
      this.summary.startIdTagStatus = res.idTagInfo?.status;
      let txId = res.transactionId;
      if (duplicate) {
        const res2 = await this.call('StartTransaction', payload);
        this.transactionIds.push(res2.transactionId);
        txId = res2.transactionId; // a charger that retried only knows the answer to the retry
      }
      this.tx = { id: txId, idTag, meterStart, startMs, seqNo: 0, stopRequested: null, remoteStartId };
    } else {
      const txId = givenTxId ?? ((args.txId && args.stations === 1) ? args.txId : randomUUID());
      const payload = {
        eventType: 'Started', timestamp: iso(startMs),
        triggerReason: remoteStartId !== undefined ? 'RemoteStart' : 'Authorized', seqNo: 0,
        transactionInfo: { transactionId: txId, chargingState: 'Charging', ...(remoteStartId !== undefined ? { remoteStartId } : {}) },
        ...(offline ? { offline: true } : {}),
        evse: { id: args.evse, connectorId: args.connector },
        idToken: { idToken: idTag, type: remoteStartId !== undefined ? 'Central' : args.idTokenType },
        meterValue: [{ timestamp: iso(startMs), sampledValue: [this.sv201(meterStart, 'Energy.Active.Import.Register', 'Wh', 'Transaction.Begin')] }],
      };
      const res = await this.call('TransactionEvent', payload);
      this.summary.startIdTagStatus = res.idTokenInfo?.status;
      this.transactionIds.push(txId);
      if (duplicate) {
        await this.call('TransactionEvent', payload);
        this.transactionIds.push(txId);
      }
      this.tx = { id: txId, idTag, meterStart, startMs, seqNo: 0, stopRequested: null, remoteStartId };
    }
    this.summary.meterStartWh = meterStart;
    this.summary.startTime = iso(startMs);
    return this.tx;
  }

  async sampleTx(atMs, { offline = false, stepWh = args.stepWh, intervalS = args.intervalS, trigger = 'MeterValuePeriodic' } = {}) {
    const tx = this.tx;
    this.meterWh += stepWh;
    const powerW = Math.round(stepWh * 3600 / Math.max(intervalS, 0.001));
    if (this.v16) {
      await this.call('MeterValues', {
        connectorId: args.connector, transactionId: tx.id,
        meterValue: [{ timestamp: iso(atMs), sampledValue: [
          this.sv16(this.meterWh, 'Energy.Active.Import.Register', 'Wh', 'Sample.Periodic'),
          this.sv16(powerW, 'Power.Active.Import', 'W', 'Sample.Periodic'),
        ] }],
      });
    } else {
      tx.seqNo += 1;
      await this.call('TransactionEvent', {
        eventType: 'Updated', timestamp: iso(atMs), triggerReason: trigger, seqNo: tx.seqNo,
        transactionInfo: { transactionId: tx.id, chargingState: 'Charging' },
        ...(offline ? { offline: true } : {}),
        meterValue: [{ timestamp: iso(atMs), sampledValue: [
          this.sv201(this.meterWh, 'Energy.Active.Import.Register', 'Wh', trigger === 'Trigger' ? 'Trigger' : 'Sample.Periodic'),
          this.sv201(powerW, 'Power.Active.Import', 'W', trigger === 'Trigger' ? 'Trigger' : 'Sample.Periodic'),
        ] }],
      });
    }
    this.summary.samples += 1;
  }

  // reason: a 1.6 Reason value (Local, Remote, DeAuthorized, SoftReset, HardReset, UnlockCommand, ...)
  async stopTx(stopMs, { reason = 'Local', offline = false } = {}) {
    const tx = this.tx;
    const meterStop = this.meterWh;
    if (this.v16) {
      await this.call('StopTransaction', {
        transactionId: tx.id, idTag: tx.idTag, meterStop, timestamp: iso(stopMs), reason,
        transactionData: [{ timestamp: iso(stopMs), sampledValue: [this.sv16(meterStop, 'Energy.Active.Import.Register', 'Wh', 'Transaction.End')] }],
      });
    } else {
      tx.seqNo += 1;
      const map201 = { SoftReset: 'ImmediateReset', HardReset: 'ImmediateReset', UnlockCommand: 'Local', Reboot: 'Reboot' };
      const trig = { Local: 'StopAuthorized', Remote: 'RemoteStop', DeAuthorized: 'Deauthorized', SoftReset: 'ResetCommand', HardReset: 'ResetCommand', UnlockCommand: 'UnlockCommand', EVDisconnected: 'EVCommunicationLost' };
      await this.call('TransactionEvent', {
        eventType: 'Ended', timestamp: iso(stopMs), triggerReason: trig[reason] ?? 'StopAuthorized', seqNo: tx.seqNo,
        transactionInfo: { transactionId: tx.id, chargingState: 'Idle', stoppedReason: map201[reason] ?? reason },
        ...(offline ? { offline: true } : {}),
        meterValue: [{ timestamp: iso(stopMs), sampledValue: [this.sv201(meterStop, 'Energy.Active.Import.Register', 'Wh', 'Transaction.End')] }],
      });
    }
    this.summary.meterStopWh = meterStop;
    this.summary.energyWh = meterStop - tx.meterStart;
    this.summary.stopTime = iso(stopMs);
    this.summary.stopReason = reason;
    this.tx = null;
  }

  // ---- scenarios ----------------------------------------------------------------------------
  defaultStartMs(extraS = 0) {
    if (args.startTime !== undefined) return Date.parse(args.startTime);
    return Date.now() - ((args.samples + 1) * args.intervalS + extraS) * 1000;
  }

  async scenarioBoot() {
    if (!(await this.boot())) return;
    if (this.v16) await this.status('Available', Date.now(), 0);
    await this.status('Available');
    await this.call('Heartbeat', {});
  }

  // one StatusNotification of --status, reported now (live status tests time it from here)
  async scenarioStatus() {
    if (!(await this.boot())) return;
    await this.status(args.status);
  }

  // session, duplicate and nostop share this flow
  async scenarioSession({ duplicate = false, stop = true } = {}) {
    if (!(await this.boot())) return;
    const t0 = this.defaultStartMs();
    await this.status('Available', t0 - 60_000);
    const auth = await this.authorize();
    if (auth !== 'Accepted') { this.fail(`authorization not accepted: ${auth}`); return; }
    await this.status('Preparing', t0 - 30_000);
    await this.startTx({ startMs: t0, duplicate });
    if (this.summary.startIdTagStatus && this.summary.startIdTagStatus !== 'Accepted') {
      this.fail(`start refused for the idTag: ${this.summary.startIdTagStatus}`);
      await this.stopTx(t0 + 1000, { reason: 'DeAuthorized' });
      await this.status('Available', t0 + 2000);
      return;
    }
    await this.status('Charging', t0);
    for (let i = 1; i <= args.samples; i++) await this.sampleTx(t0 + i * args.intervalS * 1000);
    this.summary.lastMeterWh = this.meterWh;
    if (!stop) {
      this.summary.openTransactionId = this.tx.id;
      return;
    }
    const tStop = t0 + (args.samples + 1) * args.intervalS * 1000;
    await this.stopTx(tStop, { reason: 'Local' });
    await this.status('Finishing', tStop);
    await this.status('Available', tStop + 30_000);
  }

  async scenarioOffline() {
    if (!args.noBoot && !(await this.boot())) return;
    const t0 = this.defaultStartMs(3600); // the whole session ended an hour ago by default
    await this.startTx({ startMs: t0, offline: true });
    for (let i = 1; i <= args.samples; i++) await this.sampleTx(t0 + i * args.intervalS * 1000, { offline: true });
    const tStop = t0 + (args.samples + 1) * args.intervalS * 1000;
    await this.stopTx(tStop, { reason: 'Local', offline: true });
    await this.status('Available');
  }

  async scenarioBadFrames() {
    if (!(await this.boot())) return;
    const v16 = this.v16;
    const frames = [
      { name: 'non-json', raw: 'this is not json {', id: null },
      { name: 'not-an-array', raw: '{"messageTypeId":2,"action":"Heartbeat"}', id: null },
      { name: 'wrong-message-type', raw: '[9,"bad-type-1","Heartbeat",{}]', id: 'bad-type-1' },
      { name: 'unknown-action', raw: '[2,"bad-action-1","FooBarBaz",{}]', id: 'bad-action-1' },
      { name: 'missing-required-field', raw: v16
        ? '[2,"bad-missing-1","BootNotification",{"chargePointVendor":"Roaming"}]'
        : '[2,"bad-missing-1","BootNotification",{"chargingStation":{"model":"m","vendorName":"v"}}]', id: 'bad-missing-1' },
      { name: 'wrong-type', raw: v16
        ? '[2,"bad-type-2","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]'
        : '[2,"bad-type-2","StatusNotification",{"timestamp":"2024-01-01T00:00:00Z","connectorStatus":"Available","evseId":"one","connectorId":1}]', id: 'bad-type-2' },
    ];
    const results = [];
    for (const f of frames) {
      const answer = await this.sendRawAndWait(f.raw, f.id, 5000);
      const r = { frame: f.name, sent: f.raw };
      if (!answer) {
        r.response = null;
        this.fail(`${f.name}: no CALLERROR within 5 s`);
      } else {
        r.response = answer;
        if (Array.isArray(answer) && answer[0] === 4) {
          Object.assign(r, { messageId: answer[1], idEchoed: f.id === null ? null : answer[1] === f.id, errorCode: answer[2], errorDescription: answer[3] });
        } else {
          this.fail(`${f.name}: expected a CALLERROR, got ${JSON.stringify(answer).slice(0, 200)}`);
        }
      }
      this.callErrors.push(r);
      this.log({ t: 'badframe', ...r });
      results.push(r);
      if (this.client.state !== RPCClient.OPEN) { this.fail(`connection closed after ${f.name}`); break; }
    }
    this.summary.callErrors = this.callErrors;
    try {
      const hb = await this.call('Heartbeat', {}, { retry: false });
      this.summary.heartbeatAfter = hb.currentTime ?? true;
      this.summary.connectionSurvived = true;
    } catch (err) {
      this.summary.connectionSurvived = false;
      throw err;
    }
  }

  // Sends one raw frame and waits for the next inbound CALLRESULT/CALLERROR (nothing else is in flight
  // meanwhile). The answer may carry the frame's message id or "-1" when the id was unreadable.
  sendRawAndWait(raw, id, timeoutMs) {
    return new Promise((resolve) => {
      const onMsg = ({ message, outbound }) => {
        if (outbound) return;
        let parsed;
        try { parsed = JSON.parse(String(message)); } catch { return; }
        if (!Array.isArray(parsed) || (parsed[0] !== 3 && parsed[0] !== 4)) return;
        done(parsed);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (v) => { clearTimeout(timer); this.client.off('message', onMsg); resolve(v); };
      this.client.on('message', onMsg);
      try { this.client.sendRaw(raw); } catch (err) { done(null); }
    });
  }

  async run() {
    if (!(await this.connect())) return this.finish(false);
    try {
      switch (args.scenario) {
        case 'boot': await this.scenarioBoot(); break;
        case 'status': await this.scenarioStatus(); break;
        case 'session': await this.scenarioSession(); break;
        case 'duplicate': await this.scenarioSession({ duplicate: true }); break;
        case 'nostop': await this.scenarioSession({ stop: false }); break;
        case 'offline': await this.scenarioOffline(); break;
        case 'badframes': await this.scenarioBadFrames(); break;
      }
    } catch (err) {
      this.fail(err.message);
    }
    if (args.hold && !signalled && this.client.state !== RPCClient.CLOSED) {
      this.startHeartbeats();
      this.log({ t: 'holding', scenarioOk: this.errors.length === 0 });
      await this.holdUntilSignal();
    }
    await this.close();
    return this.finish();
  }

  startHeartbeats() {
    const s = Math.max(1, Math.min(this.heartbeatS || 300, 3600));
    this.heartbeatTimer = setInterval(() => {
      if (this.client.state === RPCClient.OPEN) this.call('Heartbeat', {}, { retry: false }).catch(() => {});
    }, s * 1000);
  }

  holdUntilSignal() {
    return new Promise((resolve) => { this.releaseHold = resolve; });
  }

  async close() {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.activeRemote) { try { await Promise.race([this.activeRemote, sleep(3000)]); } catch { /* reported */ } }
    try { await Promise.race([this.client.close({ code: 1000, reason: 'driver done', awaitPending: true }), sleep(3000)]); } catch { /* ignore */ }
  }

  finish() {
    if (this.strictFailures.length) this.summary.strictValidationFailures = this.strictFailures;
    if (this.strictFailures.length && this.errors.length === 0) this.errors.push(`strict validation failed: ${this.strictFailures[0]}`);
    const ok = this.errors.length === 0;
    return {
      ok, ...this.summary, calls: this.calls, errors: this.errors,
      ...(this.inbound.length ? { inbound: this.inbound } : {}),
      ...(this.remoteSessions.length ? { remoteSessions: this.remoteSessions } : {}),
    };
  }

  // ---- CSMS -> CS calls (answered in every mode; --hold keeps the connection for them) --------------
  registerHandlers() {
    const c = this.client;
    const wrap = (action, fn) => c.handle(action, async ({ params }) => {
      let reply;
      try {
        reply = await fn(params);
      } catch (err) {
        this.inbound.push({ action, params, error: describeError(err) });
        this.log({ t: 'inbound', action, params, error: describeError(err) });
        throw err;
      }
      this.inbound.push({ action, params, reply });
      this.log({ t: 'inbound', action, params, reply });
      return reply;
    });
    const later = (fn) => setTimeout(() => { fn().catch((err) => this.fail(`after inbound call: ${err.message}`)); }, 50);

    if (this.v16) {
      wrap('RemoteStartTransaction', (p) => {
        const connectorId = p.connectorId ?? args.connector;
        if (this.tx || !this.available || connectorId !== args.connector) return { status: 'Rejected' };
        this.activeRemote = this.remoteSession({ idTag: p.idTag });
        return { status: 'Accepted' };
      });
      wrap('RemoteStopTransaction', (p) => {
        if (!this.tx || this.tx.id !== p.transactionId) return { status: 'Rejected' };
        this.requestStop('Remote');
        return { status: 'Accepted' };
      });
      wrap('UnlockConnector', (p) => {
        if (p.connectorId !== args.connector) return { status: 'NotSupported' };
        if (this.tx) this.requestStop('UnlockCommand');
        return { status: 'Unlocked' };
      });
      wrap('Reset', (p) => {
        later(() => this.simulateReset(p.type === 'Hard' ? 'HardReset' : 'SoftReset'));
        return { status: 'Accepted' };
      });
      wrap('ChangeAvailability', (p) => {
        const operative = p.type === 'Operative';
        if (p.connectorId !== 0 && p.connectorId !== args.connector) return { status: 'Rejected' };
        if (this.tx && !operative) { this.pendingAvailability = operative; return { status: 'Scheduled' }; }
        this.available = operative;
        later(() => this.status(operative ? 'Available' : 'Unavailable', Date.now(), p.connectorId === 0 ? 0 : args.connector));
        return { status: 'Accepted' };
      });
      wrap('TriggerMessage', (p) => {
        const m = p.requestedMessage;
        if (m === 'BootNotification') later(() => this.boot());
        else if (m === 'Heartbeat') later(() => this.call('Heartbeat', {}));
        else if (m === 'StatusNotification') later(() => this.status(this.tx ? 'Charging' : (this.available ? 'Available' : 'Unavailable'), Date.now(), p.connectorId ?? args.connector));
        else if (m === 'MeterValues') later(() => this.call('MeterValues', {
          connectorId: p.connectorId ?? args.connector, ...(this.tx ? { transactionId: this.tx.id } : {}),
          meterValue: [{ timestamp: iso(Date.now()), sampledValue: [this.sv16(this.meterWh, 'Energy.Active.Import.Register', 'Wh', 'Trigger')] }],
        }));
        else return { status: 'NotImplemented' };
        return { status: 'Accepted' };
      });
      wrap('ChangeConfiguration', (p) => {
        const e = this.config16.get(p.key);
        if (!e) return { status: 'NotSupported' };
        if (e.readonly) return { status: 'Rejected' };
        e.value = p.value;
        return { status: 'Accepted' };
      });
      wrap('GetConfiguration', (p) => {
        const keys = p.key?.length ? p.key : [...this.config16.keys()];
        const configurationKey = [], unknownKey = [];
        for (const k of keys) {
          const e = this.config16.get(k);
          if (!e) unknownKey.push(k);
          else if (e.writeOnly) continue;
          else configurationKey.push({ key: k, readonly: !!e.readonly, value: e.value ?? '' });
        }
        return { configurationKey, ...(unknownKey.length ? { unknownKey } : {}) };
      });
      // A reservation: Occupied while a transaction runs, Unavailable when not operative, else held (a repeated id replaces it).
      wrap('ReserveNow', (p) => {
        if (p.connectorId !== 0 && p.connectorId !== args.connector) return { status: 'Rejected' };
        if (!this.available) return { status: 'Unavailable' };
        if (this.tx) return { status: 'Occupied' };
        this.reservations.set(p.reservationId, { idTag: p.idTag, connectorId: p.connectorId, expiry: p.expiryDate });
        later(() => this.status('Reserved', Date.now(), args.connector));
        return { status: 'Accepted' };
      });
      wrap('CancelReservation', (p) => {
        if (!this.reservations.delete(p.reservationId)) return { status: 'Rejected' };
        later(() => this.status('Available', Date.now(), args.connector));
        return { status: 'Accepted' };
      });
    } else {
      wrap('RequestStartTransaction', (p) => {
        if (this.tx || !this.available || (p.evseId !== undefined && p.evseId !== args.evse)) return { status: 'Rejected' };
        const txId = randomUUID();
        this.activeRemote = this.remoteSession({ idTag: p.idToken.idToken, remoteStartId: p.remoteStartId, txId });
        return { status: 'Accepted', transactionId: txId };
      });
      wrap('RequestStopTransaction', (p) => {
        if (!this.tx || this.tx.id !== p.transactionId) return { status: 'Rejected' };
        this.requestStop('Remote');
        return { status: 'Accepted' };
      });
      wrap('UnlockConnector', (p) => {
        if (p.evseId !== args.evse || p.connectorId !== args.connector) return { status: 'UnknownConnector' };
        if (this.tx) return { status: 'OngoingAuthorizedTransaction' };
        return { status: 'Unlocked' };
      });
      wrap('Reset', (p) => {
        if (p.type === 'OnIdle' && this.tx) { this.pendingReset = true; return { status: 'Scheduled' }; }
        later(() => this.simulateReset('SoftReset'));
        return { status: 'Accepted' };
      });
      wrap('ChangeAvailability', (p) => {
        const operative = p.operationalStatus === 'Operative';
        if (p.evse && p.evse.id !== args.evse) return { status: 'Rejected' };
        if (this.tx && !operative) { this.pendingAvailability = operative; return { status: 'Scheduled' }; }
        this.available = operative;
        later(() => this.status(operative ? 'Available' : 'Unavailable'));
        return { status: 'Accepted' };
      });
      wrap('TriggerMessage', (p) => {
        const m = p.requestedMessage;
        if (m === 'BootNotification') later(() => this.boot('Triggered'));
        else if (m === 'Heartbeat') later(() => this.call('Heartbeat', {}));
        else if (m === 'StatusNotification') later(() => this.status(this.tx ? 'Charging' : (this.available ? 'Available' : 'Unavailable')));
        else if (m === 'MeterValues') later(() => this.call('MeterValues', {
          evseId: args.evse,
          meterValue: [{ timestamp: iso(Date.now()), sampledValue: [this.sv201(this.meterWh, 'Energy.Active.Import.Register', 'Wh', 'Trigger')] }],
        }));
        else if (m === 'TransactionEvent') {
          if (!this.tx) return { status: 'Rejected' };
          later(() => this.sampleTx(Date.now(), { stepWh: 0, trigger: 'Trigger' }));
        } else return { status: 'NotImplemented' };
        return { status: 'Accepted' };
      });
      wrap('ReserveNow', (p) => {
        if (p.evseId !== undefined && p.evseId !== args.evse) return { status: 'Rejected' };
        if (!this.available) return { status: 'Unavailable' };
        if (this.tx) return { status: 'Occupied' };
        this.reservations.set(p.id, { idTag: p.idToken.idToken, evseId: p.evseId, expiry: p.expiryDateTime });
        later(() => this.status('Reserved'));
        return { status: 'Accepted' };
      });
      wrap('CancelReservation', (p) => {
        if (!this.reservations.delete(p.reservationId)) return { status: 'Rejected' };
        later(() => this.status('Available'));
        return { status: 'Accepted' };
      });
      wrap('SetVariables', (p) => ({
        setVariableResult: p.setVariableData.map((d) => {
          const key = `${d.component.name}/${d.variable.name}`;
          const base = { component: d.component, variable: d.variable, ...(d.attributeType ? { attributeType: d.attributeType } : {}) };
          const e = this.vars201.get(key);
          if (!e) return { ...base, attributeStatus: [...this.vars201.keys()].some((k) => k.startsWith(d.component.name + '/')) ? 'UnknownVariable' : 'UnknownComponent' };
          if (d.attributeType && d.attributeType !== 'Actual') return { ...base, attributeStatus: 'NotSupportedAttributeType' };
          if (e.readonly) return { ...base, attributeStatus: 'Rejected' };
          e.value = d.attributeValue;
          return { ...base, attributeStatus: 'Accepted' };
        }),
      }));
      wrap('GetVariables', (p) => ({
        getVariableResult: p.getVariableData.map((d) => {
          const key = `${d.component.name}/${d.variable.name}`;
          const base = { component: d.component, variable: d.variable, ...(d.attributeType ? { attributeType: d.attributeType } : {}) };
          const e = this.vars201.get(key);
          if (!e) return { ...base, attributeStatus: [...this.vars201.keys()].some((k) => k.startsWith(d.component.name + '/')) ? 'UnknownVariable' : 'UnknownComponent' };
          if (d.attributeType && d.attributeType !== 'Actual') return { ...base, attributeStatus: 'NotSupportedAttributeType' };
          if (e.writeOnly) return { ...base, attributeStatus: 'Rejected' };
          return { ...base, attributeStatus: 'Accepted', attributeValue: e.value ?? '' };
        }),
      }));
    }
    // Anything else: known to OCPP but not implemented by this driver.
    c.handle(({ method }) => {
      this.inbound.push({ action: method, error: 'NotSupported' });
      this.log({ t: 'inbound', action: method, error: 'NotSupported' });
      throw createRPCError('NotSupported', `driver does not support ${method}`);
    });
  }

  requestStop(reason) {
    if (this.tx && !this.tx.stopRequested) {
      this.tx.stopRequested = reason;
      if (this.wakeRemote) this.wakeRemote();
    }
    // an idle (nostop) transaction without a running loop is stopped right away
    if (this.tx && !this.tx.loopRunning) {
      const r = this.tx.stopRequested;
      setTimeout(() => {
        if (!this.tx || this.tx.loopRunning) return;
        this.finishTx(r).catch((err) => this.fail(`stop after ${r}: ${err.message}`));
      }, 50);
    }
  }

  async finishTx(reason) {
    if (!this.tx || this.tx.finishing) return;
    this.tx.finishing = true;
    const txId = this.tx.id;
    const now = Date.now();
    await this.stopTx(now, { reason });
    await this.status('Finishing', now);
    if (this.pendingAvailability === false) { this.available = false; this.pendingAvailability = undefined; await this.status('Unavailable'); }
    else await this.status('Available');
    const rs = this.remoteSessions.find((s) => s.transactionId === txId);
    if (rs) Object.assign(rs, { meterStopWh: this.summary.meterStopWh, energyWh: this.summary.energyWh, stopTime: this.summary.stopTime, stopReason: reason });
    if (this.pendingReset) { this.pendingReset = false; await this.simulateReset('SoftReset'); }
  }

  // A short real-time session after RemoteStart / RequestStartTransaction.
  async remoteSession({ idTag, remoteStartId, txId }) {
    await sleep(50); // let the CALLRESULT go out first
    try {
      const now = Date.now();
      await this.status('Preparing', now);
      await this.startTx({ startMs: now, idTag, remoteStartId, txId });
      const tx = this.tx;
      tx.loopRunning = true;
      this.remoteSessions.push({ transactionId: tx.id, idTag, remoteStartId, meterStartWh: tx.meterStart, startTime: iso(now) });
      await this.status('Charging', now);
      const stepS = Math.max(args.remoteSampleMs / 1000, 0.001);
      for (let i = 1; ; i++) {
        if (tx.stopRequested) break;
        if (!args.awaitRemoteStop && i > args.samples) break;
        await new Promise((r) => { this.wakeRemote = r; setTimeout(r, args.remoteSampleMs); });
        this.wakeRemote = null;
        if (tx.stopRequested) break;
        await this.sampleTx(Date.now(), { stepWh: args.stepWh, intervalS: stepS });
      }
      tx.loopRunning = false;
      await this.finishTx(tx.stopRequested || 'Local');
    } catch (err) {
      this.fail(`remote session: ${err.message}`);
    } finally {
      this.activeRemote = null;
    }
  }

  async simulateReset(reason) {
    if (this.tx) {
      if (this.tx.loopRunning) { this.requestStop(reason); await this.activeRemote; }
      else await this.finishTx(reason);
    }
    await this.boot(this.v16 ? undefined : 'RemoteReset');
    this.available = true;
    await this.status('Available');
  }
}

// ------------------------------------------------------------------------------------------------
// main
// ------------------------------------------------------------------------------------------------
async function main() {
  const t0 = Date.now();
  const ids = stationIds(args.id, args.stations);
  const stations = ids.map((id) => new Station(id));

  const onSignal = (sig) => {
    if (signalled) return;
    signalled = true;
    emit({ t: 'signal', signal: sig });
    for (const s of stations) if (s.releaseHold) s.releaseHold();
    if (!args.hold) finishAll(stations, t0, true);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  const results = await Promise.all(stations.map((s) => s.run()));
  finishAll(stations, t0, false, results);
}

let finished = false;
let signalled = false;
function finishAll(stations, t0, interrupted, results) {
  if (finished) return;
  finished = true;
  results = results ?? stations.map((s) => s.finish());
  let summary;
  if (results.length === 1) {
    summary = { t: 'summary', ...results[0] };
  } else {
    const sum = (k) => results.reduce((a, r) => a + (typeof r[k] === 'number' ? r[k] : 0), 0);
    summary = {
      t: 'summary', ok: results.every((r) => r.ok), protocol: args.protocol, scenario: args.scenario,
      stationCount: results.length, okCount: results.filter((r) => r.ok).length,
      transactionIds: results.flatMap((r) => r.transactionIds), energyWh: sum('energyWh'), calls: sum('calls'),
      errors: results.flatMap((r) => r.errors.map((e) => `${r.identity}: ${e}`)),
      httpStatus: results.find((r) => r.httpStatus)?.httpStatus,
      stations: results,
    };
  }
  if (interrupted) { summary.interrupted = true; summary.ok = false; }
  summary.durationMs = Date.now() - t0;
  // keep "ok" first-ish and the line parseable; print last
  emit(summary);
  if (framesFd !== null) fs.closeSync(framesFd);
  process.exit(summary.ok ? 0 : 1);
}

main().catch((err) => {
  emit({ t: 'summary', ok: false, errors: [`driver crashed: ${err.stack || err.message}`] });
  process.exit(1);
});
