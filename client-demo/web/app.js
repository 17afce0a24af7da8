/*
 * Push server demo page: plain JavaScript, no framework, no build step.
 *
 * Works served by the push server at /demo/ and opened as a local file against any server URL.
 * The Socket.IO browser client (2.x or 4.x line) is loaded on demand from the server's Socket.IO path when it
 * serves that line (CLIENT_BUNDLE), else from the copies it ships under /demo/vendor/ (pinned npm packages copied at
 * build time, never a CDN).
 *
 * Resume: the page opts in by sending `lastMessageId` in every user_login (null the first time, then the id of the
 * last message it showed), so after a reconnect the server sends what it missed, and the login ack says whether
 * it could ("recovered", "missed"). The 4.x client also uses Socket.IO's connection-state recovery: when
 * `socket.recovered` is true after a reconnect the session came back whole and no new login is needed. A message id
 * already shown is never shown twice.
 */
(function () {
  'use strict';

  /** The two client lines; `protocol` is the Socket.IO packet protocol each one speaks. */
  var CLIENT_LINES = {
    '2': { label: '2.x', version: '2.5.0', file: 'vendor/socket.io-2/socket.io.js', served: 'socket.io.js', protocol: 4 },
    '4': { label: '4.x', version: '4.8.1', file: 'vendor/socket.io-4/socket.io.min.js', served: 'socket.io.min.js', protocol: 5 }
  };
  var MAX_MESSAGES = 200;
  var MAX_EVENTS = 200;
  var ACK_TIMEOUT_MS = 5000;
  var MAX_SEEN_IDS = 1000;

  var $ = function (id) { return document.getElementById(id); };
  var el = {
    connState: $('conn-state'), connStateDetail: $('conn-state-detail'), loginState: $('login-state'),
    connectForm: $('connect-form'), serverUrl: $('server-url'), socketPath: $('socket-path'),
    connectBtn: $('connect-btn'), disconnectBtn: $('disconnect-btn'), dropBtn: $('drop-btn'),
    recoveryState: $('recovery-state'), lastMessageId: $('last-message-id'),
    transport: $('transport'), socketId: $('socket-id'), library: $('library'),
    loginForm: $('login-form'), tokenId: $('token-id'), tokenAsNumber: $('token-as-number'), relogin: $('relogin'),
    loginBtn: $('login-btn'), logoutBtn: $('logout-btn'),
    eventLog: $('event-log'), eventCount: $('event-count'),
    messages: $('messages'), messagesEmpty: $('messages-empty'), messageCount: $('message-count'),
    clearMessages: $('clear-messages'),
    sendForm: $('send-form'), sendTokensField: $('send-tokens-field'), sendTokens: $('send-tokens'),
    useMyToken: $('use-my-token'), sendEntityType: $('send-entity-type'), sendData: $('send-data'),
    sendDataError: $('send-data-error'), apiKey: $('api-key'), sendBtn: $('send-btn'),
    sendStatus: $('send-status'), sendResult: $('send-result'),
    presenceForm: $('presence-form'), presenceTokens: $('presence-tokens'), presenceBtn: $('presence-btn'),
    presenceStatus: $('presence-status'), presenceTable: $('presence-table'), presenceResult: $('presence-result')
  };

  /** io() functions already loaded, by client line. Both libraries set a global `io`, so each is captured and the global restored. */
  var loadedClients = {};
  var socket = null;          // the current Socket.IO socket, or null
  var socketGeneration = 0;   // ignores late events of a socket that was replaced
  var wantedToken = null;     // token the user logged in with (re-sent on every connect), or null
  var messageCount = 0;
  var eventCount = 0;
  var lastMessageId = null;   // id of the last message shown for wantedToken: sent at every login to resume after it
  var seenIds = [];           // ids shown, oldest first (bounded): a message delivered again is not shown twice
  var loggedInToken = null;   // the token the server confirmed, or null

  /** What the chat panel (chat.js) hooks into: emitting on the socket, the token logged in, and the messages. */
  var hooks = { login: [], message: [] };
  window.pushDemo = {
    /** Emits on the connected socket with an ack callback; false when there is no connected socket. */
    emit: function (event, data, ack) {
      if (!socket || !socket.connected) { return false; }
      socket.emit(event, data, ack);
      return true;
    },
    token: function () { return loggedInToken; },
    onLogin: function (fn) { hooks.login.push(fn); },
    onMessage: function (fn) { hooks.message.push(fn); }
  };

  // ---------------------------------------------------------------- helpers

  function pad(n, width) { n = String(n); while (n.length < width) { n = '0' + n; } return n; }

  function clock(d) {
    return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' + pad(d.getMilliseconds(), 3);
  }

  function pretty(value) {
    if (value === undefined) { return 'undefined'; }
    try { return JSON.stringify(value, null, 2); } catch (e) { return String(value); }
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function trimSlash(s) { return s.replace(/\/+$/, ''); }

  /** Base URL of the HTTP API: the server URL as typed, without trailing slash. */
  function apiBase() { return trimSlash(el.serverUrl.value.trim()); }

  function defaultServerUrl() {
    return /^https?:$/.test(window.location.protocol) ? window.location.origin : 'http://localhost:4001';
  }

  function selectedLine() {
    var checked = document.querySelector('input[name="clientLine"]:checked');
    return checked ? checked.value : '4';
  }

  /** Comma-separated tokens; digit-only tokens become numbers (the server accepts both). */
  function parseTokens(text) {
    return text.split(',').map(function (t) { return t.trim(); }).filter(function (t) { return t.length > 0; })
      .map(function (t) {
        if (/^\d{1,15}$/.test(t)) { return Number(t); }
        return t;
      });
  }

  function logEvent(text, kind) {
    var li = make('li', kind ? 'event event--' + kind : 'event');
    li.appendChild(make('time', 'event__time', clock(new Date())));
    li.appendChild(document.createTextNode(' ' + text));
    el.eventLog.insertBefore(li, el.eventLog.firstChild);
    while (el.eventLog.children.length > MAX_EVENTS) { el.eventLog.removeChild(el.eventLog.lastChild); }
    eventCount += 1;
    el.eventCount.textContent = String(eventCount);
  }

  // ---------------------------------------------------------------- state display

  function setConnState(state, detail) {
    var text = detail ? state + ' (' + detail + ')' : state;
    el.connState.dataset.state = state;
    el.connState.textContent = text;
    el.connStateDetail.textContent = text;
    var connected = state === 'connected';
    el.loginBtn.disabled = !connected;
    el.disconnectBtn.disabled = socket === null;
    el.dropBtn.disabled = !connected;
    el.connectBtn.textContent = socket === null ? 'Connect' : 'Reconnect';
    if (!connected) { setLoginState(wantedToken === null ? 'logged-out' : 'pending'); }
  }

  function setLoginState(state, text) {
    el.loginState.dataset.state = state;
    el.loginState.className = 'badge' + (state === 'logged-in' ? '' : ' badge--muted') + (state === 'error' ? ' badge--error' : '');
    var labels = {
      'logged-out': 'not logged in',
      'pending': 'login pending',
      'logged-in': 'logged in',
      'error': 'login failed'
    };
    el.loginState.textContent = text || labels[state] || state;
    el.logoutBtn.disabled = wantedToken === null;
  }

  function setTransport(name, note) {
    el.transport.textContent = name ? name + (note ? ' ' + note : '') : '–';
  }

  // ---------------------------------------------------------------- loading a client library

  /**
   * Where to load the line's client from, in order: the server's own Socket.IO path first (as a Node.js socket.io
   * server, this server serves one client line there, CLIENT_BUNDLE), then the copies vendored under /demo/vendor/.
   * Line 4 asks the path for socket.io.min.js, which only a 4.x bundle has, so a 2.x server answers 404 at once;
   * line 2 asks for socket.io.js, and a 4.x file there is refused by its protocol number (see loadClient).
   */
  function scriptCandidates(line, serverUrl, path) {
    var file = CLIENT_LINES[line].file;
    var served = CLIENT_LINES[line].served;
    var list = [];
    try {
      list.push(new URL(trimSlash(path) + '/' + served, serverUrl).href);  // the server's own client, as Node serves it
    } catch (e) { /* bad URL: reported by connect() */ }
    if (/^https?:$/.test(window.location.protocol)) {
      list.push(new URL(file, window.location.href).href);   // the vendored copy, served by the push server at /demo/
    }
    try {
      list.push(new URL('/demo/' + file, serverUrl).href);   // the vendored copy of the push server at the typed URL
    } catch (e) { /* bad URL: reported by connect() */ }
    return list.filter(function (u, i) { return list.indexOf(u) === i; });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var previous = window.io;
      window.io = undefined;
      var script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = function () {
        var loaded = window.io;
        window.io = previous;
        script.remove();
        if (typeof loaded === 'function') { resolve(loaded); } else { reject(new Error('no io() in ' + src)); }
      };
      script.onerror = function () {
        window.io = previous;
        script.remove();
        reject(new Error('could not load ' + src));
      };
      document.head.appendChild(script);
    });
  }

  function loadClient(line, serverUrl, path) {
    if (loadedClients[line]) { return Promise.resolve(loadedClients[line]); }
    var wanted = CLIENT_LINES[line];
    var candidates = scriptCandidates(line, serverUrl, path);
    var tryNext = function (i, lastError) {
      if (i >= candidates.length) {
        return Promise.reject(lastError || new Error('no place to load the client from'));
      }
      return loadScript(candidates[i]).then(function (io) {
        if (io.protocol !== undefined && io.protocol !== wanted.protocol) {
          throw new Error(candidates[i] + ' is not a ' + wanted.label + ' client (protocol ' + io.protocol + ')');
        }
        loadedClients[line] = io;
        logEvent('loaded socket.io-client ' + wanted.label + ' from ' + candidates[i]);
        return io;
      }).catch(function (err) { return tryNext(i + 1, err); });
    };
    return tryNext(0, null);
  }

  // ---------------------------------------------------------------- connection

  function teardown() {
    socketGeneration += 1;
    if (socket) {
      var old = socket;
      socket = null;
      try { old.io.reconnection(false); } catch (e) { /* older API */ }
      old.disconnect();
    }
    setTransport(null);
    el.socketId.textContent = '–';
  }

  function watchEngine(engine, generation) {
    if (!engine) { return; }
    var current = engine.transport ? engine.transport.name : null;
    setTransport(current);
    engine.on('upgrading', function (transport) {
      if (generation !== socketGeneration) { return; }
      setTransport(current, '→ upgrading to ' + transport.name);
      logEvent('transport upgrading: ' + current + ' → ' + transport.name);
    });
    engine.on('upgrade', function (transport) {
      if (generation !== socketGeneration) { return; }
      logEvent('transport upgraded: ' + current + ' → ' + transport.name, 'good');
      current = transport.name;
      setTransport(current, '(upgraded)');
    });
    engine.on('upgradeError', function (err) {
      if (generation !== socketGeneration) { return; }
      setTransport(current, '(upgrade failed)');
      logEvent('transport upgrade failed: ' + (err && err.message ? err.message : err), 'bad');
    });
  }

  function connect() {
    var url = el.serverUrl.value.trim();
    var path = el.socketPath.value.trim() || '/socket.io';
    var parsed;
    try {
      parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) { throw new Error('use http:// or https://'); }
    } catch (e) {
      el.serverUrl.setAttribute('aria-invalid', 'true');
      logEvent('invalid server URL "' + url + '": ' + e.message, 'bad');
      el.serverUrl.focus();
      return;
    }
    el.serverUrl.removeAttribute('aria-invalid');
    if (path.charAt(0) !== '/') { path = '/' + path; }
    var line = selectedLine();

    teardown();
    var generation = socketGeneration;
    setConnState('connecting');
    logEvent('connecting to ' + parsed.origin + ' path ' + path + ' with the ' + CLIENT_LINES[line].label + ' client');

    loadClient(line, url, path).then(function (io) {
      if (generation !== socketGeneration) { return; }
      el.library.textContent = 'socket.io-client ' + CLIENT_LINES[line].version;
      var s = io(parsed.origin, {
        path: path,
        forceNew: true,
        reconnection: true,
        reconnectionDelay: 500,
        reconnectionDelayMax: 3000,
        timeout: 10000,
        transports: ['polling', 'websocket']
      });
      socket = s;
      var manager = s.io;
      setConnState('connecting');

      manager.on('open', function () {
        if (generation !== socketGeneration) { return; }
        watchEngine(manager.engine, generation);
      });
      manager.on('reconnect_attempt', function (attempt) {
        if (generation !== socketGeneration) { return; }
        setConnState('reconnecting', 'attempt ' + attempt);
        logEvent('reconnect attempt ' + attempt);
      });
      manager.on('reconnect', function (attempt) {
        if (generation !== socketGeneration) { return; }
        logEvent('reconnected after ' + attempt + ' attempt(s)', 'good');
      });
      manager.on('reconnect_failed', function () {
        if (generation !== socketGeneration) { return; }
        setConnState('disconnected', 'gave up reconnecting');
        logEvent('gave up reconnecting', 'bad');
      });

      s.on('connect', function () {
        if (generation !== socketGeneration) { return; }
        setConnState('connected');
        el.socketId.textContent = s.id || '–';
        if (manager.engine && manager.engine.transport) { setTransport(manager.engine.transport.name); }
        logEvent('connected, socket id ' + s.id, 'good');
        if (s.recovered === true) {   // 4.6+ connection-state recovery: room and missed messages came back
          setRecovery(true, 'recovered by Socket.IO (connection-state recovery)');
          setLoginState('logged-in', 'logged in as ' + wantedToken + ' (session recovered)');
          logEvent('session recovered by Socket.IO: no new login needed', 'good');
          return;
        }
        if (wantedToken !== null && el.relogin.checked) { login(wantedToken, true); }
      });
      s.on('disconnect', function (reason) {
        if (generation !== socketGeneration) { return; }
        el.socketId.textContent = '–';
        setTransport(null);
        logEvent('disconnected: ' + reason, 'bad');
        if (reason === 'io client disconnect') {
          setConnState('disconnected');
        } else if (reason === 'io server disconnect') {
          setConnState('disconnected', 'closed by the server');
        } else {
          setConnState('reconnecting', 'waiting');
        }
      });
      s.on('connect_error', function (err) {
        if (generation !== socketGeneration) { return; }
        logEvent('connect error: ' + (err && err.message ? err.message : err), 'bad');
      });
      s.on('receive_message', function (message) {
        if (generation !== socketGeneration) { return; }
        addMessage(message);
        hooks.message.forEach(function (fn) { fn(message); });
      });
    }).catch(function (err) {
      if (generation !== socketGeneration) { return; }
      setConnState('disconnected', 'client library not loaded');
      logEvent(err.message, 'bad');
    });
  }

  /** Cuts the transport under the client, as a network drop would: the client notices, reconnects and resumes. */
  function dropConnection() {
    if (!socket || !socket.io || !socket.io.engine) { return; }
    logEvent('dropping the connection (closing the transport)', 'bad');
    setRecovery(null, 'connection dropped, waiting…');
    socket.io.engine.close();
  }

  function setRecovery(recovered, text) {
    el.recoveryState.dataset.recovered = recovered === null ? '' : String(recovered);
    el.recoveryState.textContent = text;
  }

  function disconnect() {
    teardown();
    setConnState('disconnected');
    logEvent('disconnected by you');
  }

  // ---------------------------------------------------------------- login

  function readToken() {
    var raw = el.tokenId.value.trim();
    if (!raw) { return null; }
    if (el.tokenAsNumber.checked && /^\d{1,15}$/.test(raw)) { return Number(raw); }
    return raw;
  }

  function login(tokenId, automatic) {
    if (!socket || !socket.connected) { return; }
    if (wantedToken !== tokenId) { lastMessageId = null; el.lastMessageId.textContent = '–'; }
    wantedToken = tokenId;
    var s = socket;
    var generation = socketGeneration;
    setLoginState('pending', 'logging in…');
    var answered = false;
    var timer = setTimeout(function () {
      if (answered || generation !== socketGeneration) { return; }
      answered = true;
      setLoginState('logged-in', 'login sent as ' + tokenId + ' (no acknowledgement)');
      logEvent('user_login sent, no acknowledgement within ' + ACK_TIMEOUT_MS + ' ms');
    }, ACK_TIMEOUT_MS);
    var payload = { tokenId: tokenId, userId: tokenId, socketId: s.id, lastMessageId: lastMessageId };
    s.emit('user_login', payload, function (ack) {
      if (answered || generation !== socketGeneration) { return; }
      answered = true;
      clearTimeout(timer);
      if (ack && ack.ok === false) {
        setLoginState('error', 'login failed: ' + (ack.error || 'unknown error'));
        logEvent('login refused: ' + pretty(ack), 'bad');
        return;
      }
      var confirmed = ack && ack.tokenId !== undefined ? ack.tokenId : tokenId;
      setLoginState('logged-in', 'logged in as ' + confirmed);
      loggedInToken = String(confirmed);
      hooks.login.forEach(function (fn) { fn(loggedInToken); });
      showResume(ack, payload.lastMessageId);
      logEvent((automatic ? 'logged in again as ' : 'logged in as ') + confirmed, 'good');
    });
  }

  /** What the login ack says about resuming after {@code sentId}. */
  function showResume(ack, sentId) {
    if (!ack || ack.recovered === undefined) {
      setRecovery(null, 'the server does not resume (no "recovered" in its login ack)');
    } else if (sentId === null) {
      setRecovery(false, 'new session (nothing to resume)');
    } else if (ack.recovered === true) {
      setRecovery(true, 'resumed after ' + sentId + ': ' + (ack.missed || 0) + ' missed message(s) delivered');
      logEvent('resumed: ' + (ack.missed || 0) + ' missed message(s)', 'good');
    } else {
      setRecovery(false, 'not recovered: history does not reach back to ' + sentId + ' (reload from your backend)');
      logEvent('not recovered after ' + sentId + (ack.error ? ': ' + ack.error : ''), 'bad');
    }
  }

  function logout() {
    var token = wantedToken;
    wantedToken = null;
    loggedInToken = null;
    if (socket && socket.connected && token !== null) {
      socket.emit('user_logout', { tokenId: token });
      logEvent('logged out (' + token + ')');
    }
    setLoginState('logged-out');
  }

  // ---------------------------------------------------------------- messages

  function addMessage(message) {
    if (typeof message === 'string') {
      try { message = JSON.parse(message); } catch (e) { /* keep the string */ }
    }
    var isObject = message !== null && typeof message === 'object' && !Array.isArray(message);
    var entityType = isObject && message.entityType !== undefined ? String(message.entityType) : '(no entityType)';
    var data = isObject && 'data' in message ? message.data : message;
    var id = isObject && typeof message.id === 'string' ? message.id : null;
    if (id !== null) {
      if (seenIds.indexOf(id) >= 0) { logEvent('message ' + id + ' delivered again: not shown twice'); return; }
      seenIds.push(id);
      if (seenIds.length > MAX_SEEN_IDS) { seenIds.shift(); }
      lastMessageId = id;
      el.lastMessageId.textContent = id;
    }
    var now = new Date();

    var li = make('li', 'message');
    li.dataset.entityType = entityType;
    if (id !== null) { li.dataset.id = id; }
    var head = make('div', 'message__head');
    head.appendChild(make('span', 'message__type', entityType));
    var time = make('time', 'message__time', clock(now));
    time.setAttribute('datetime', now.toISOString());
    head.appendChild(time);
    li.appendChild(head);
    if (id !== null) { li.appendChild(make('div', 'message__id', 'id ' + id)); }
    var pre = make('pre', 'message__data mono', pretty(data));
    li.appendChild(pre);

    el.messages.insertBefore(li, el.messages.firstChild);
    while (el.messages.children.length > MAX_MESSAGES) { el.messages.removeChild(el.messages.lastChild); }
    messageCount += 1;
    el.messageCount.textContent = String(messageCount);
    el.messagesEmpty.hidden = true;
  }

  function clearMessages() {
    el.messages.textContent = '';
    messageCount = 0;
    el.messageCount.textContent = '0';
    el.messagesEmpty.hidden = false;
  }

  // ---------------------------------------------------------------- HTTP API

  function callApi(method, path, body) {
    var headers = { 'Accept': 'application/json' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    var key = el.apiKey.value.trim();
    if (key) { headers['Authorization'] = 'Bearer ' + key; }
    var url = apiBase() + path;
    return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        return res.text().then(function (text) {
          var json = null;
          try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
          return { status: res.status, ok: res.ok, statusText: res.statusText, text: text, json: json };
        });
      }, function (err) {
        throw new Error('Could not reach ' + url + ' (' + err.message + '): is the server running, the URL right, '
          + 'and cross-origin requests allowed?');
      });
  }

  function showResult(statusEl, bodyEl, res, okSummary) {
    statusEl.className = 'result__status ' + (res.ok ? 'result__status--ok' : 'result__status--error');
    if (res.ok) {
      statusEl.textContent = res.status + ' ' + (okSummary || 'OK');
    } else if (res.json && res.json.error) {
      statusEl.textContent = res.status + ' ' + res.json.error + (res.json.message ? ': ' + res.json.message : '');
    } else {
      statusEl.textContent = res.status + ' ' + (res.statusText || 'error');
    }
    bodyEl.textContent = res.json !== null ? pretty(res.json) : res.text;
    bodyEl.hidden = false;
  }

  function showFailure(statusEl, bodyEl, message) {
    statusEl.className = 'result__status result__status--error';
    statusEl.textContent = message;
    if (bodyEl) { bodyEl.hidden = true; }
  }

  function sendMode() {
    var checked = document.querySelector('input[name="sendMode"]:checked');
    return checked ? checked.value : 'tokens';
  }

  function updateSendMode() {
    el.sendTokensField.hidden = sendMode() !== 'tokens';
  }

  function validateData() {
    var text = el.sendData.value.trim();
    if (!text) {
      return { error: 'Data is empty: write JSON, for example {"text": "hi"}, or null.' };
    }
    try {
      return { value: JSON.parse(text) };
    } catch (e) {
      return { error: 'Data is not valid JSON: ' + e.message };
    }
  }

  function showDataError(message) {
    if (message) {
      el.sendDataError.textContent = message;
      el.sendDataError.hidden = false;
      el.sendData.setAttribute('aria-invalid', 'true');
    } else {
      el.sendDataError.textContent = '';
      el.sendDataError.hidden = true;
      el.sendData.removeAttribute('aria-invalid');
    }
  }

  function send() {
    var data = validateData();
    if (data.error) {
      showDataError(data.error);
      showFailure(el.sendStatus, el.sendResult, 'Not sent: fix the data first.');
      el.sendData.focus();
      return;
    }
    showDataError(null);
    var entityType = el.sendEntityType.value.trim();
    if (!entityType) {
      showFailure(el.sendStatus, el.sendResult, 'Not sent: the entity type is empty.');
      el.sendEntityType.focus();
      return;
    }
    var mode = sendMode();
    var path = '/api';
    var body = { entityType: entityType, data: data.value };
    if (mode === 'tokens') {
      var tokens = parseTokens(el.sendTokens.value);
      if (tokens.length === 0) {
        showFailure(el.sendStatus, el.sendResult, 'Not sent: give at least one token.');
        el.sendTokens.focus();
        return;
      }
      body = { tokens: tokens, entityType: entityType, data: data.value };
    } else {
      path = '/api/broadcast';
    }
    el.sendBtn.disabled = true;
    el.sendStatus.className = 'result__status';
    el.sendStatus.textContent = 'Sending…';
    callApi('POST', path, body).then(function (res) {
      var summary = 'OK';
      if (res.ok && res.json && typeof res.json.sockets === 'number') {
        summary = 'delivered to ' + res.json.sockets + ' socket' + (res.json.sockets === 1 ? '' : 's');
        if (Array.isArray(res.json.offline) && res.json.offline.length) {
          summary += ', offline: ' + res.json.offline.join(', ');
        }
      }
      showResult(el.sendStatus, el.sendResult, res, summary);
    }).catch(function (err) {
      showFailure(el.sendStatus, el.sendResult, err.message);
    }).then(function () {
      el.sendBtn.disabled = false;
    });
  }

  function checkPresence() {
    var tokens = parseTokens(el.presenceTokens.value);
    if (tokens.length === 0) {
      showFailure(el.presenceStatus, el.presenceResult, 'Give at least one token.');
      el.presenceTable.hidden = true;
      el.presenceTokens.focus();
      return;
    }
    el.presenceBtn.disabled = true;
    el.presenceStatus.className = 'result__status';
    el.presenceStatus.textContent = 'Checking…';
    var query = '/api/online?tokens=' + encodeURIComponent(tokens.join(','));
    callApi('GET', query).then(function (res) {
      var rows = el.presenceTable.tBodies[0];
      rows.textContent = '';
      if (res.ok && res.json && res.json.tokens) {
        var online = 0;
        Object.keys(res.json.tokens).forEach(function (token) {
          var entry = res.json.tokens[token] || {};
          var tr = make('tr');
          tr.dataset.token = token;
          tr.appendChild(make('th', 'mono', token)).setAttribute('scope', 'row');
          var state = make('td');
          state.appendChild(make('span', entry.online ? 'dot dot--on' : 'dot', entry.online ? 'online' : 'offline'));
          tr.appendChild(state);
          tr.appendChild(make('td', null, String(entry.sockets !== undefined ? entry.sockets : '–')));
          rows.appendChild(tr);
          if (entry.online) { online += 1; }
        });
        el.presenceStatus.className = 'result__status result__status--ok';
        el.presenceStatus.textContent = res.status + ' ' + online + ' of ' + Object.keys(res.json.tokens).length + ' online';
        el.presenceTable.hidden = false;
        el.presenceResult.hidden = true;
      } else {
        el.presenceTable.hidden = true;
        showResult(el.presenceStatus, el.presenceResult, res);
      }
    }).catch(function (err) {
      el.presenceTable.hidden = true;
      showFailure(el.presenceStatus, el.presenceResult, err.message);
    }).then(function () {
      el.presenceBtn.disabled = false;
    });
  }

  // ---------------------------------------------------------------- wiring

  function init() {
    var params = new URLSearchParams(window.location.search);
    el.serverUrl.value = params.get('url') || defaultServerUrl();
    if (params.get('path')) { el.socketPath.value = params.get('path'); }
    if (params.get('token')) { el.tokenId.value = params.get('token'); }
    var line = params.get('client');
    if (line && CLIENT_LINES[line.charAt(0)]) { $('client-line-' + line.charAt(0)).checked = true; }
    Object.keys(CLIENT_LINES).forEach(function (k) { $('client-version-' + k).textContent = '(' + CLIENT_LINES[k].version + ')'; });

    el.connectForm.addEventListener('submit', function (e) { e.preventDefault(); connect(); });
    el.disconnectBtn.addEventListener('click', disconnect);
    el.dropBtn.addEventListener('click', dropConnection);
    el.loginForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var token = readToken();
      if (token === null) { el.tokenId.focus(); return; }
      login(token, false);
    });
    el.logoutBtn.addEventListener('click', logout);
    el.clearMessages.addEventListener('click', clearMessages);
    el.sendForm.addEventListener('submit', function (e) { e.preventDefault(); send(); });
    el.presenceForm.addEventListener('submit', function (e) { e.preventDefault(); checkPresence(); });
    el.sendData.addEventListener('input', function () {
      if (!el.sendDataError.hidden) { showDataError(validateData().error || null); }
    });
    el.useMyToken.addEventListener('click', function () {
      var token = el.tokenId.value.trim();
      if (token) { el.sendTokens.value = token; el.presenceTokens.value = el.presenceTokens.value || token; }
      el.sendTokens.focus();
    });
    Array.prototype.forEach.call(document.querySelectorAll('input[name="sendMode"]'), function (r) {
      r.addEventListener('change', updateSendMode);
    });
    updateSendMode();
    setConnState('disconnected');
    setLoginState('logged-out');

    if (params.get('autoconnect') === '1') {
      wantedToken = readToken();   // with ?token=…, log in as soon as the socket connects
      connect();
    }
  }

  init();
}());
