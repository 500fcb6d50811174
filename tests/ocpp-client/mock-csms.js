#!/usr/bin/env node
// A tiny mock CSMS on ocpp-rpc's RPCServer (strict mode, OCPP 1.6J and 2.0.1), for testing driver.js
// without Roaming. Not a reference for Roaming's behaviour: it answers everything "Accepted".
//
//   node mock-csms.js [--port 0] [--password SECRET] [--exercise] [--exercise-delay-ms 300]
//
// Prints JSON lines: {"t":"listening","port":N} first, then one line per received call.
// --password      require HTTP Basic auth with this password (401 otherwise)
// --exercise      after a station's BootNotification, send it every CSMS->CS call the driver answers in
//                 --hold mode (config, trigger, availability, remote start/stop, unlock, reset) and print
//                 {"t":"exercise-done","station":..,"results":[..]}
// --drop-on ACTION  the first time ACTION arrives, cut the connection without answering (tests retries)
// idTags / idTokens starting with "INVALID" are answered Invalid; "BLOCKED" Blocked.
'use strict';

const { RPCServer, createRPCError } = require('ocpp-rpc');

function parse(argv) {
  const o = { port: 0, exerciseDelayMs: 300 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--password') o.password = argv[++i];
    else if (a === '--exercise') o.exercise = true;
    else if (a === '--exercise-delay-ms') o.exerciseDelayMs = Number(argv[++i]);
    else if (a === '--drop-on') o.dropOn = argv[++i];
    else { console.error(`mock-csms: unknown argument ${a}`); process.exit(2); }
  }
  return o;
}
const opts = parse(process.argv.slice(2));
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const now = () => new Date().toISOString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = new RPCServer({ protocols: ['ocpp2.0.1', 'ocpp1.6'], strictMode: true, callTimeoutMs: 10000 });

server.auth((accept, reject, handshake) => {
  if (opts.password !== undefined) {
    const given = handshake.password ? handshake.password.toString('utf8') : undefined;
    if (given !== opts.password) {
      out({ t: 'rejected', identity: handshake.identity, status: 401 });
      return reject(401, 'Unauthorized');
    }
  }
  accept({ identity: handshake.identity });
});

// 1.6 transaction ids are assigned here; a retried StartTransaction (same payload) gets the same id.
let nextTxId = 1;
const dropped = new Set();
const startKeys = new Map();
const status16 = (idTag) => (/^INVALID/.test(idTag) ? 'Invalid' : /^BLOCKED/.test(idTag) ? 'Blocked' : 'Accepted');

server.on('client', (client) => {
  const id = client.identity;
  const proto = client.protocol;
  out({ t: 'connected', identity: id, protocol: proto });
  client.on('close', ({ code }) => out({ t: 'closed', identity: id, code }));
  client.on('badMessage', ({ error, response }) => out({ t: 'badMessage', identity: id, error: error.message, response }));
  client.on('strictValidationFailure', (e) => out({ t: 'strictValidationFailure', identity: id, method: e.method, outbound: e.outbound, isCall: e.isCall, error: e.error?.message }));
  const log = (method, params) => out({ t: 'call', identity: id, method, params });
  const on = (method, fn) => client.handle(method, ({ params }) => {
    log(method, params);
    if (opts.dropOn === method && !dropped.has(method)) {
      dropped.add(method);
      out({ t: 'dropping', identity: id, method });
      client.close({ force: true });
      return new Promise(() => {}); // never answered
    }
    return fn(params);
  });

  let exercised = false;
  const afterBoot = () => {
    if (opts.exercise && !exercised) { exercised = true; setTimeout(() => exercise(client).catch((e) => out({ t: 'exercise-error', error: e.message })), opts.exerciseDelayMs); }
  };

  on('BootNotification', () => { setImmediate(afterBoot); return { status: 'Accepted', currentTime: now(), interval: 300 }; });
  on('Heartbeat', () => ({ currentTime: now() }));
  on('StatusNotification', () => ({}));
  on('MeterValues', () => ({}));
  on('DataTransfer', () => ({ status: 'UnknownVendorId' }));
  on('FirmwareStatusNotification', () => ({}));
  on('SecurityEventNotification', () => ({}));
  on('NotifyEvent', () => ({}));
  on('NotifyReport', () => ({}));
  on('LogStatusNotification', () => ({}));
  on('DiagnosticsStatusNotification', () => ({}));

  if (proto === 'ocpp1.6') {
    on('Authorize', (p) => ({ idTagInfo: { status: status16(p.idTag) } }));
    on('StartTransaction', (p) => {
      const key = JSON.stringify([id, p.connectorId, p.idTag, p.timestamp, p.meterStart]);
      if (!startKeys.has(key)) startKeys.set(key, nextTxId++);
      return { transactionId: startKeys.get(key), idTagInfo: { status: status16(p.idTag) } };
    });
    on('StopTransaction', (p) => (p.idTag ? { idTagInfo: { status: 'Accepted' } } : {}));
  } else {
    on('Authorize', (p) => ({ idTokenInfo: { status: status16(p.idToken.idToken) } }));
    on('TransactionEvent', (p) => (p.idToken ? { idTokenInfo: { status: status16(p.idToken.idToken) } } : {}));
  }
  client.handle(({ method, params }) => {
    log(method, params);
    throw createRPCError('NotImplemented', `mock does not handle ${method}`);
  });
});

// Drives every CSMS->CS call the driver supports, then reports what came back.
async function exercise(client) {
  const results = [];
  const call = async (method, params) => {
    try {
      const r = await client.call(method, params);
      results.push({ method, ok: true, result: r });
      return r;
    } catch (e) {
      results.push({ method, ok: false, error: `${e.rpcErrorCode ?? ''} ${e.message}`.trim() });
      return null;
    }
  };
  if (client.protocol === 'ocpp1.6') {
    await call('GetConfiguration', {});
    await call('GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] });
    await call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' });
    await call('ChangeConfiguration', { key: 'NumberOfConnectors', value: '9' });
    await call('TriggerMessage', { requestedMessage: 'Heartbeat' });
    await call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 });
    await call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' });
    await sleep(200);
    await call('ChangeAvailability', { connectorId: 1, type: 'Operative' });
    await sleep(200);
    await call('RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE1' });
    await sleep(400);
    const txId = nextTxId - 1;
    await call('RemoteStopTransaction', { transactionId: txId });
    await sleep(800);
    await call('UnlockConnector', { connectorId: 1 });
    await call('Reset', { type: 'Soft' });
    await sleep(500);
    await call('ClearCache', {});
  } else {
    await call('GetVariables', { getVariableData: [
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
      { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } },
      { component: { name: 'NoSuchCtrlr' }, variable: { name: 'X' } },
    ] });
    await call('SetVariables', { setVariableData: [
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '120' },
      { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: 'a-new-password-0001' },
    ] });
    await call('TriggerMessage', { requestedMessage: 'Heartbeat' });
    await call('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } });
    await call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
    await sleep(200);
    await call('ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } });
    await sleep(200);
    const started = await call('RequestStartTransaction', { idToken: { idToken: 'REMOTE1', type: 'Central' }, remoteStartId: 42, evseId: 1 });
    await sleep(400);
    if (started?.transactionId) await call('RequestStopTransaction', { transactionId: started.transactionId });
    await sleep(800);
    await call('UnlockConnector', { evseId: 1, connectorId: 1 });
    await call('Reset', { type: 'Immediate' });
    await sleep(500);
    await call('ClearCache', {});
  }
  out({ t: 'exercise-done', station: client.identity, results });
}

server.listen(opts.port, '127.0.0.1').then((http) => {
  out({ t: 'listening', port: http.address().port });
});
const stop = () => server.close({ code: 1001, reason: 'mock stopping' }).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
