#!/usr/bin/env node
// Login cases for one socket.io client line against a push server with LOGIN_AUTH=jwt, driven by JsLoginIT.
//
//   node login.js --url http://127.0.0.1:4001 --line 4.8.1 --cases cases.json [--transport default|websocket|polling]
//                 [--timeout-ms 30000]
//
// cases.json is a list of {name, via, credential, room}: `via` is how the credential is sent: "user_login"
// (with an ack), "user_login_noack" (refused credentials only: the refusal comes as a login_error event), "query" (the handshake's
// ?token=) or "auth" (the CONNECT's auth payload, 3.x/4.x). Each case connects a fresh socket, sends the credential,
// then POSTs a push to `room` and records what happened, without judging it: {name, connected, connectError, ack,
// loginError, sockets, received}. Prints one JSON line {line, transport, results:[...]} and exits 0, or 1 when the
// script itself failed (timeout, bad arguments).
'use strict';

const http = require('http');
const fs = require('fs');

function parseArgs(argv) {
  const args = { transport: 'websocket', timeoutMs: 30000 };
  for (let i = 2; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error('missing value for ' + name);
    switch (name) {
      case '--url': args.url = value; break;
      case '--line': args.line = value; break;
      case '--cases': args.cases = value; break;
      case '--transport': args.transport = value; break;
      case '--timeout-ms': args.timeoutMs = Number(value); break;
      default: throw new Error('unknown argument ' + name);
    }
  }
  if (!args.url || !args.line || !args.cases) throw new Error('--url, --line and --cases are required');
  return args;
}

const args = parseArgs(process.argv);
const io = require('sio-' + args.line);
const cases = JSON.parse(fs.readFileSync(args.cases, 'utf8'));
const summary = { line: args.line, transport: args.transport, results: [] };
let current = null;

function finish(error) {
  clearTimeout(watchdog);
  if (current) {
    try { current.close(); } catch (e) { /* closing anyway */ }
  }
  if (error) summary.error = String(error && error.message || error);
  console.log(JSON.stringify(summary));
  process.exit(error ? 1 : 0);
}

const watchdog = setTimeout(() => finish(new Error('timed out after ' + args.timeoutMs + ' ms at case '
  + (summary.results.length + 1))), args.timeoutMs);

function post(path, body) {
  const url = new URL(path, args.url);
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': data.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (e) {
          reject(new Error('POST ' + path + ' answered ' + res.statusCode + ' non-JSON'));
        }
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function run(c) {
  const options = { forceNew: true, reconnection: false, timeout: 10000 };
  if (args.transport !== 'default') options.transports = [args.transport];
  if (c.via === 'query') options.query = { token: c.credential };
  if (c.via === 'auth') options.auth = { token: c.credential };
  const socket = io(args.url, options);
  current = socket;
  const result = { name: c.name, via: c.via, connected: false };
  const received = new Promise((resolve) => socket.on('receive_message', (m) => resolve(m)));
  const loginError = new Promise((resolve) => socket.on('login_error', (e) => resolve(e)));

  const outcome = await new Promise((resolve) => {
    socket.on('connect', () => resolve('connect'));
    socket.on('connect_error', (err) => resolve({ error: String(err && err.message || err) }));
    socket.on('error', (err) => resolve({ error: String(err && err.message || err) })); // 2.x handshake refusals
  });
  if (outcome === 'connect') {
    result.connected = true;
    if (c.via === 'user_login') {
      result.ack = await new Promise((resolve) => socket.emit('user_login', { tokenId: c.credential }, resolve));
    } else if (c.via === 'user_login_noack') {
      socket.emit('user_login', { tokenId: c.credential });
      result.loginError = await loginError; // only refused credentials are sent this way

    }
  } else {
    result.connectError = outcome.error;
  }

  const push = await post('/api', { tokens: [c.room], entityType: 'js-login', data: { case: c.name } });
  result.sockets = push.sockets;
  if (push.sockets > 0) {
    result.received = (await received).entityType;
  }
  socket.close();
  current = null;
  return result;
}

(async () => {
  for (const c of cases) {
    summary.results.push(await run(c));
  }
})().then(() => finish(null), finish);
