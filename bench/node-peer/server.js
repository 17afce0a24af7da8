'use strict';
/*
 * Reference push server on socket.io 4, implementing the same contract as the Java push-server,
 * so the benchmark compares like with like.
 *
 *   socket event  user_login {tokenId}  -> joins room <tokenId>, optional ack {ok:true, tokenId}
 *   POST /api            {tokens:[..], entityType, data} -> "receive_message" once per socket of those tokens
 *   POST /api/broadcast  {entityType, data}              -> "receive_message" once per logged-in socket
 *   GET  /health
 *
 * Env: PORT (default 3000), HOST (default 127.0.0.1), REDIS_URL (optional: cluster through the redis adapter),
 *      BODY_LIMIT (bytes, default 1 MiB).
 */
const http = require('http');
const { Server } = require('socket.io');

const PORT = parseInt(process.env.PORT || '3000', 10);
const HOST = process.env.HOST || '127.0.0.1';
const REDIS_URL = process.env.REDIS_URL || '';
const BODY_LIMIT = parseInt(process.env.BODY_LIMIT || String(1024 * 1024), 10);
const LOGGED_IN_ROOM = '__logged_in__';

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readJson(req, res, cb) {
  const chunks = [];
  let size = 0;
  let aborted = false;
  req.on('data', (chunk) => {
    if (aborted) return;
    size += chunk.length;
    if (size > BODY_LIMIT) {
      aborted = true;
      send(res, 413, { responseCode: 413, data: 'Payload too large' });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (aborted) return;
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
    } catch (e) {
      send(res, 400, { responseCode: 400, data: 'Invalid JSON' });
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      send(res, 400, { responseCode: 400, data: 'Body must be a JSON object' });
      return;
    }
    cb(body);
  });
  req.on('error', () => { aborted = true; });
}

const httpServer = http.createServer((req, res) => {
  const url = req.url.split('?', 1)[0];
  if (req.method === 'GET' && url === '/health') {
    send(res, 200, { status: 'UP' });
    return;
  }
  if (req.method === 'POST' && url === '/api') {
    readJson(req, res, (body) => pushToTokens(body, res));
    return;
  }
  if (req.method === 'POST' && url === '/api/broadcast') {
    readJson(req, res, (body) => broadcast(body, res));
    return;
  }
  // socket.io handles /socket.io/ itself (it is attached before this listener runs).
  if (!url.startsWith('/socket.io/')) {
    send(res, 404, { responseCode: 404, data: 'Not found' });
  }
});

const io = new Server(httpServer, {
  allowEIO3: true,
  cors: { origin: true, credentials: true },
  serveClient: false,
});

function pushToTokens(body, res) {
  if (!Array.isArray(body.tokens) || typeof body.entityType !== 'string') {
    send(res, 400, { responseCode: 400, data: 'tokens (array) and entityType (string) are required' });
    return;
  }
  const tokens = [...new Set(body.tokens.filter((t) => typeof t === 'string' && t.length > 0))];
  const online = [];
  const offline = [];
  let sockets = 0;
  // Local view of who is online (cluster-wide counting would cost a round trip to every node per POST).
  const rooms = io.of('/').adapter.rooms;
  for (const t of tokens) {
    const room = rooms.get(t);
    if (room && room.size > 0) {
      online.push(t);
      sockets += room.size;
    } else {
      offline.push(t);
    }
  }
  if (tokens.length > 0) {
    // One emit over the union of rooms: a socket in several of these rooms gets a single copy,
    // and with the redis adapter the other nodes deliver to their own sockets.
    io.to(tokens).emit('receive_message', { entityType: body.entityType, data: body.data === undefined ? null : body.data });
  }
  send(res, 200, { responseCode: 0, data: 'OK!', sockets, online, offline });
}

function broadcast(body, res) {
  if (typeof body.entityType !== 'string') {
    send(res, 400, { responseCode: 400, data: 'entityType (string) is required' });
    return;
  }
  const room = io.of('/').adapter.rooms.get(LOGGED_IN_ROOM);
  const sockets = room ? room.size : 0;
  io.to(LOGGED_IN_ROOM).emit('receive_message', { entityType: body.entityType, data: body.data === undefined ? null : body.data });
  send(res, 200, { responseCode: 0, data: 'OK!', sockets });
}

io.on('connection', (socket) => {
  socket.on('user_login', (payload, ack) => {
    const tokenId = payload && typeof payload.tokenId === 'string' ? payload.tokenId : '';
    if (!tokenId) {
      if (typeof ack === 'function') ack({ ok: false, error: 'tokenId required' });
      return;
    }
    socket.join([tokenId, LOGGED_IN_ROOM]);
    if (typeof ack === 'function') ack({ ok: true, tokenId });
  });
});

async function main() {
  if (REDIS_URL) {
    const { createClient } = require('redis');
    const { createAdapter } = require('@socket.io/redis-adapter');
    const pubClient = createClient({ url: REDIS_URL });
    const subClient = pubClient.duplicate();
    pubClient.on('error', (e) => console.error('redis pub error', e.message));
    subClient.on('error', (e) => console.error('redis sub error', e.message));
    await Promise.all([pubClient.connect(), subClient.connect()]);
    io.adapter(createAdapter(pubClient, subClient));
    console.log(`redis adapter on ${REDIS_URL}`);
  }
  httpServer.listen(PORT, HOST, () => {
    console.log(`node-peer listening on http://${HOST}:${PORT} (socket.io 4, pid ${process.pid})`);
  });
}

function shutdown() {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
