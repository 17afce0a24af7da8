#!/usr/bin/env node
// One socket.io client line against a running push server, driven by JsClientCompatibilityIT.
//
//   node compat.js --url http://127.0.0.1:4001 --line 4.8.1 [--transport default|websocket|polling]
//                  [--path /socket.io] [--ping-cycles 0] [--timeout-ms 20000] [--ca cert.pem]
//
// With an https:// URL, --ca names the PEM certificate to trust (the `ca` option every client line passes to its
// polling and websocket requests, and to the /api POSTs).
//
// Connects four sockets (two tabs of token A, one of token B logged in with a bare string, one of a numeric
// token logged in as a number), waits for every login ack, POSTs one push to A and the numeric token (as a
// string) through /api, then a marker push to all three tokens. Checks that each socket got exactly the copies
// it should before its marker, the payload and the /api answer, and the transport really used. Prints a one-line
// JSON summary and exits 0 (all fine) or 1.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');

function parseArgs(argv) {
  const args = { transport: 'default', path: '/socket.io', pingCycles: 0, timeoutMs: 20000 };
  for (let i = 2; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error('missing value for ' + name);
    switch (name) {
      case '--url': args.url = value; break;
      case '--line': args.line = value; break;
      case '--transport': args.transport = value; break;
      case '--path': args.path = value; break;
      case '--ping-cycles': args.pingCycles = Number(value); break;
      case '--timeout-ms': args.timeoutMs = Number(value); break;
      case '--ca': args.ca = fs.readFileSync(value); break;
      default: throw new Error('unknown argument ' + name);
    }
  }
  if (!args.url || !args.line) throw new Error('--url and --line are required');
  if (!['default', 'websocket', 'polling'].includes(args.transport)) throw new Error('bad --transport ' + args.transport);
  return args;
}

const args = parseArgs(process.argv);
const io = require('sio-' + args.line);
// socket.io-client 2.x speaks Engine.IO v3 (the client pings, the server pongs); 3.x and 4.x speak v4 (the
// server pings, the client pongs). A heartbeat is the packet the client receives in that exchange.
const eio3 = args.line.startsWith('2.');
const heartbeatPacket = eio3 ? 'pong' : 'ping';
const sockets = [];
const summary = { line: args.line, transport: args.transport, path: args.path, ok: false, checks: 0 };

function finish(error) {
  clearTimeout(watchdog);
  for (const s of sockets) {
    try { s.socket.close(); } catch (e) { /* closing anyway */ }
  }
  summary.ok = !error;
  if (error) summary.error = String(error && error.message || error);
  console.log(JSON.stringify(summary));
  // Closed sockets may leave a timer of the client behind; the verdict is printed, so leave at once.
  process.exit(error ? 1 : 0);
}

const watchdog = setTimeout(() => finish(new Error('timed out after ' + args.timeoutMs + ' ms at: ' + summary.stage)),
  args.timeoutMs);

function check(condition, message) {
  if (!condition) throw new Error(message);
  summary.checks++;
}

/** Resolves with the first of `events` emitted by `emitter`, rejects on any of `errors`. */
function once(emitter, events, errors = []) {
  return new Promise((resolve, reject) => {
    const off = () => {
      for (const e of events) emitter.off ? emitter.off(e, ok) : emitter.removeListener(e, ok);
      for (const e of errors) emitter.off ? emitter.off(e, fail) : emitter.removeListener(e, fail);
    };
    const ok = (value) => { off(); resolve(value); };
    const fail = (err) => { off(); reject(new Error(errors.join('/') + ': ' + (err && err.message || err))); };
    for (const e of events) emitter.on(e, ok);
    for (const e of errors) emitter.on(e, fail);
  });
}

function connect(name) {
  const options = { path: args.path, forceNew: true, reconnection: false, timeout: 10000 };
  if (args.transport !== 'default') options.transports = [args.transport];
  if (args.ca) options.ca = args.ca;
  const socket = io(args.url, options);
  const client = { name, socket, messages: [], markers: 0, heartbeats: 0, upgraded: false };
  socket.on('receive_message', (m) => {
    if (m && m.entityType === 'marker') client.markers++;
    else client.messages.push(m);
    if (client.onMessage) client.onMessage();
  });
  sockets.push(client);
  return once(socket, ['connect'], ['connect_error', 'error']).then(() => {
    const engine = socket.io.engine;
    engine.on('packet', (p) => {
      if (p.type === heartbeatPacket) {
        client.heartbeats++;
        if (client.onHeartbeat) client.onHeartbeat();
      }
    });
    return client;
  });
}

/** Waits until `predicate` holds, re-checking whenever `hook` on the client fires. */
function until(client, hook, predicate) {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    client[hook] = () => {
      if (predicate()) {
        client[hook] = null;
        resolve();
      }
    };
  });
}

function transportOf(client) {
  return client.socket.io.engine.transport.name;
}

function waitForUpgrade(client) {
  const engine = client.socket.io.engine;
  if (transportOf(client) === 'websocket') return Promise.resolve();
  return once(engine, ['upgrade'], ['upgradeError', 'close']);
}

function login(client, payload) {
  return new Promise((resolve) => client.socket.emit('user_login', payload, resolve));
}

function post(path, body) {
  const url = new URL(path, args.url);
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': data.length },
      ...(secure && args.ca ? { ca: args.ca } : {}),
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode, body: JSON.parse(text) });
        } catch (e) {
          reject(new Error('POST ' + path + ' answered ' + res.statusCode + ' non-JSON: ' + text));
        }
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function main() {
  const run = Date.now() + '-' + Math.floor(Math.random() * 1e9);
  const tokenA = 'js-' + args.line + '-' + run;
  const tokenB = 'js-other-ü✓-' + run; // non-ASCII both ways
  const numericToken = 100000000 + Math.floor(Math.random() * 800000000);

  summary.stage = 'connect';
  const [tab1, tab2, other, numeric] = await Promise.all(['tab1', 'tab2', 'other', 'numeric'].map(connect));

  if (args.transport === 'default') {
    summary.stage = 'upgrade';
    await Promise.all(sockets.map(waitForUpgrade));
  }

  summary.stage = 'login';
  const acks = await Promise.all([
    login(tab1, { tokenId: tokenA, userId: 1, socketId: tab1.socket.id }),
    login(tab2, { tokenId: tokenA, userId: 1, socketId: tab2.socket.id }),
    login(other, tokenB), // a bare string works too
    login(numeric, { tokenId: numericToken, userId: 2, socketId: numeric.socket.id }),
  ]);
  const expected = [tokenA, tokenA, tokenB, String(numericToken)];
  acks.forEach((ack, i) => {
    check(ack && ack.ok === true && ack.tokenId === expected[i],
      sockets[i].name + ' login ack: ' + JSON.stringify(ack));
  });

  if (args.pingCycles > 0) {
    summary.stage = 'heartbeats';
    await Promise.all(sockets.map((c) => {
      const target = c.heartbeats + args.pingCycles;
      return until(c, 'onHeartbeat', () => c.heartbeats >= target);
    }));
    summary.heartbeats = sockets.map((c) => c.heartbeats);
    for (const c of sockets) check(c.socket.connected, c.name + ' disconnected during the heartbeats');
  }

  summary.stage = 'push';
  const data = { line: args.line, n: 42, text: 'héllo "x" ✓', nested: { list: [1, 2, 3], none: null } };
  const push = await post('/api', { tokens: [tokenA, String(numericToken)], entityType: 'compat', data });
  check(push.status === 200 && push.body.responseCode === 0 && push.body.data === 'OK!',
    '/api answer: ' + push.status + ' ' + JSON.stringify(push.body));
  check(push.body.sockets === 3, '/api reached ' + push.body.sockets + ' sockets, expected 3');
  check(JSON.stringify([...push.body.online].sort()) === JSON.stringify([tokenA, String(numericToken)].sort()),
    '/api online: ' + JSON.stringify(push.body.online));
  check(Array.isArray(push.body.offline) && push.body.offline.length === 0,
    '/api offline: ' + JSON.stringify(push.body.offline));

  // Pushes reach one socket in order, so once its marker is in, no further copy of the first push is coming.
  summary.stage = 'marker';
  const marker = await post('/api', { tokens: [tokenA, tokenB, numericToken], entityType: 'marker', data: null });
  check(marker.status === 200 && marker.body.sockets === 4, 'marker answer: ' + JSON.stringify(marker.body));
  await Promise.all(sockets.map((c) => until(c, 'onMessage', () => c.markers >= 1)));

  summary.stage = 'verify';
  for (const c of [tab1, tab2, numeric]) {
    check(c.messages.length === 1, c.name + ' got ' + c.messages.length + ' copies, expected 1');
    const m = c.messages[0];
    check(m.entityType === 'compat', c.name + ' entityType: ' + JSON.stringify(m));
    check(JSON.stringify(m.data) === JSON.stringify(data), c.name + ' data: ' + JSON.stringify(m.data));
    check(Object.keys(m).sort().join() === 'data,entityType', c.name + ' fields: ' + Object.keys(m));
  }
  check(other.messages.length === 0, 'other token got ' + other.messages.length + ' messages, expected none');
  check(other.markers === 1 && tab1.markers === 1 && tab2.markers === 1 && numeric.markers === 1,
    'markers: ' + sockets.map((c) => c.markers));

  const expectedTransport = args.transport === 'polling' ? 'polling' : 'websocket';
  summary.transports = sockets.map(transportOf);
  for (const c of sockets) {
    check(transportOf(c) === expectedTransport, c.name + ' is on ' + transportOf(c) + ', expected ' + expectedTransport);
    check(c.socket.connected, c.name + ' no longer connected');
  }
  delete summary.stage;
}

main().then(() => finish(null), finish);
