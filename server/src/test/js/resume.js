#!/usr/bin/env node
// One socket.io client line that reconnects by itself after a drop, driven by the drop-and-resume tests
// (NodeResumingClient). It prints one JSON event per line and judges nothing; the Java test does.
//
//   node resume.js --url http://127.0.0.1:4001 --line 4.8.1 --token T [--mode resume|recovery]
//                  [--transport default|websocket|polling] [--acks false] [--timeout-ms 120000]
//
// --mode resume: in its 'connect' handler it sends user_login {tokenId, lastMessageId, acks}, lastMessageId being null
//   the first time, then the id of the last receive_message it got (what a page that opts in to resume does).
// --mode recovery: an unchanged 4.6+ page; it logs in with {tokenId} on connect unless socket.recovered is true
//   (Socket.IO's connection-state recovery brought the session back).
// Events: {"type":"connect","recovered":…}, {"type":"login","ack":…}, {"type":"message","payload":…,"offset":…},
//         {"type":"disconnect","reason":…}, {"type":"error","error":…}. Exits when its stdin closes or after --timeout-ms.
'use strict';

function parseArgs(argv) {
  const args = { mode: 'resume', transport: 'default', acks: false, timeoutMs: 120000 };
  for (let i = 2; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error('missing value for ' + name);
    switch (name) {
      case '--url': args.url = value; break;
      case '--line': args.line = value; break;
      case '--token': args.token = value; break;
      case '--mode': args.mode = value; break;
      case '--transport': args.transport = value; break;
      case '--acks': args.acks = value === 'true'; break;
      case '--timeout-ms': args.timeoutMs = Number(value); break;
      default: throw new Error('unknown argument ' + name);
    }
  }
  if (!args.url || !args.line || !args.token) throw new Error('--url, --line and --token are required');
  if (!['resume', 'recovery'].includes(args.mode)) throw new Error('bad --mode ' + args.mode);
  return args;
}

const args = parseArgs(process.argv);
const io = require('sio-' + args.line);

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

const options = { forceNew: true, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500, timeout: 10000 };
if (args.transport !== 'default') options.transports = [args.transport];
const socket = io(args.url, options);
let lastMessageId = null;

function stop() {
  try { socket.close(); } catch (e) { /* closing anyway */ }
  process.exit(0);
}
setTimeout(() => { emit({ type: 'error', error: 'watchdog: ' + args.timeoutMs + ' ms' }); stop(); }, args.timeoutMs);
process.stdin.on('end', stop);
process.stdin.resume();

socket.on('connect', () => {
  const recovered = socket.recovered === true;
  // _pid and _lastOffset are the 4.6+ client's private recovery state, shown so tests can reuse or forge them
  emit({ type: 'connect', recovered, id: socket.id, pid: socket._pid || null });
  let payload;
  if (args.mode === 'resume') payload = { tokenId: args.token, lastMessageId, acks: args.acks };
  else if (!recovered) payload = args.acks ? { tokenId: args.token, acks: true } : { tokenId: args.token };
  if (payload) socket.emit('user_login', payload, (ack) => emit({ type: 'login', ack }));
});

socket.on('receive_message', (...received) => {
  // With acks the last argument is the ack function; with connection-state recovery the offset comes before it as
  // an extra string argument (the client also keeps it as socket._lastOffset).
  const ack = typeof received[received.length - 1] === 'function' ? received.pop() : null;
  const payload = received[0];
  if (payload && typeof payload === 'object' && typeof payload.id === 'string') lastMessageId = payload.id;
  const event = { type: 'message', payload, acked: Boolean(ack && args.acks) };
  if (received.length > 1) event.offset = received[received.length - 1];
  emit(event);
  if (ack && args.acks) ack();
});

socket.on('disconnect', (reason) => emit({ type: 'disconnect', reason: String(reason), pid: socket._pid || null,
  offset: socket._lastOffset || null }));
socket.on('connect_error', (err) => emit({ type: 'error', error: String(err && err.message || err) }));
