/*
 * The demo page's chat panel: a chat between two tokens through the push server's client events and the chat
 * sample's backend (client-demo, org.pushserver.demo.chat.ChatBackend).
 *
 * Sending emits `chat_message` {to, text} on the page's socket (app.js, window.pushDemo); the server forwards it,
 * signed, to the backend, which keeps it and answers {ok, id} plus a publish to `to`, so the other user's pages get a
 * `receive_message` of entity type `chat_message` {from, to, text, id, timeMs} in the same round trip. On login, and
 * when a conversation is opened, the history comes from the backend (GET /conversations?user=&with=). Lines are
 * ordered by the backend's ids, and shown once each.
 */
(function () {
  'use strict';

  var MAX_LINES = 500;
  var ACK_TIMEOUT_MS = 10000;
  var $ = function (id) { return document.getElementById(id); };
  var el = {
    backend: $('chat-backend'), peerForm: $('chat-peer-form'), peer: $('chat-with'), status: $('chat-status'),
    lines: $('chat-messages'), form: $('chat-form'), text: $('chat-text'), send: $('chat-send')
  };
  var me = null;     // the token logged in
  var peer = null;   // the token chatted with
  var shown = {};    // ids shown in this conversation

  function setStatus(state, text) {
    el.status.dataset.state = state;
    el.status.className = 'result__status' + (state === 'error' ? ' result__status--error' : state === 'idle' ? '' : ' result__status--ok');
    el.status.textContent = text;
  }

  function ready() {
    var on = me !== null && peer !== null;
    el.text.disabled = !on;
    el.send.disabled = !on;
  }

  function backendBase() {
    return el.backend.value.trim().replace(/\/+$/, '');
  }

  function clock(ms) {
    var d = new Date(ms);
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  /** Shows line {id, from, to, text, timeMs} in id order, once. */
  function addLine(line) {
    if (!line || line.id === undefined || shown[line.id]) { return; }
    shown[line.id] = true;
    var li = document.createElement('li');
    li.className = 'chat__line' + (line.from === me ? ' chat__line--mine' : '');
    li.dataset.id = String(line.id);
    li.dataset.from = String(line.from);
    var text = document.createElement('span');
    text.className = 'chat__text';
    text.textContent = line.text;
    var meta = document.createElement('span');
    meta.className = 'chat__meta';
    meta.textContent = line.from + ' · ' + clock(line.timeMs || Date.now());
    li.appendChild(text);
    li.appendChild(meta);
    var after = null;
    for (var i = el.lines.children.length - 1; i >= 0; i--) {
      if (Number(el.lines.children[i].dataset.id) < Number(line.id)) { after = el.lines.children[i]; break; }
    }
    el.lines.insertBefore(li, after ? after.nextSibling : el.lines.firstChild);
    while (el.lines.children.length > MAX_LINES) { el.lines.removeChild(el.lines.firstChild); }
    el.lines.scrollTop = el.lines.scrollHeight;
  }

  function open(withToken) {
    peer = withToken ? String(withToken).trim() : null;
    if (peer === '') { peer = null; }
    el.peer.value = peer || '';
    el.lines.textContent = '';
    shown = {};
    ready();
    loadHistory();
  }

  function loadHistory() {
    if (me === null || peer === null) { return; }
    var url = backendBase() + '/conversations?user=' + encodeURIComponent(me) + '&with=' + encodeURIComponent(peer);
    var asked = { me: me, peer: peer };
    setStatus('loading', 'loading the history with ' + peer + '…');
    fetch(url, { headers: { 'Accept': 'application/json' } }).then(function (res) {
      if (!res.ok) { throw new Error('the chat backend answered ' + res.status); }
      return res.json();
    }).then(function (body) {
      if (asked.me !== me || asked.peer !== peer) { return; }   // another conversation opened meanwhile
      (body.messages || []).forEach(addLine);
      setStatus('loaded', 'chatting with ' + peer + ' (' + (body.messages || []).length + ' earlier message(s))');
    }).catch(function (err) {
      setStatus('error', 'no history from ' + url + ': ' + err.message + ' (is the chat backend running?)');
    });
  }

  function send() {
    var text = el.text.value.trim();
    if (!text || me === null || peer === null) { return; }
    var to = peer;
    var answered = false;
    var timer = setTimeout(function () {
      if (!answered) { answered = true; setStatus('error', 'not sent: no answer within ' + ACK_TIMEOUT_MS + ' ms'); }
    }, ACK_TIMEOUT_MS);
    var sent = window.pushDemo.emit('chat_message', { to: to, text: text }, function (ack) {
      if (answered) { return; }
      answered = true;
      clearTimeout(timer);
      if (ack && ack.ok) {
        if (to === peer) { addLine({ id: ack.id, from: me, to: to, text: text, timeMs: Date.now() }); }
        setStatus('sent', 'sent to ' + to);
      } else {
        setStatus('error', 'not sent: ' + (ack && ack.error ? ack.error : 'refused'));
      }
    });
    if (!sent) {
      clearTimeout(timer);
      setStatus('error', 'not sent: not connected');
      return;
    }
    el.text.value = '';
    el.text.focus();
  }

  function received(message) {
    if (typeof message === 'string') {
      try { message = JSON.parse(message); } catch (e) { return; }
    }
    if (!message || message.entityType !== 'chat_message' || !message.data) { return; }
    var line = message.data;
    if (peer === null && line.from !== undefined) { open(line.from); return; }   // the history brings it
    if (String(line.from) === peer || String(line.to) === peer) { addLine(line); }
  }

  function init() {
    var params = new URLSearchParams(window.location.search);
    var host = window.location.hostname || 'localhost';
    el.backend.value = params.get('chat') || 'http://' + host + ':4100';
    if (params.get('chatWith')) { el.peer.value = params.get('chatWith'); peer = params.get('chatWith'); }
    el.peerForm.addEventListener('submit', function (e) { e.preventDefault(); open(el.peer.value); });
    el.form.addEventListener('submit', function (e) { e.preventDefault(); send(); });
    window.pushDemo.onLogin(function (token) {
      var changed = token !== me;
      me = token;
      ready();
      if (changed) { open(peer); }
    });
    window.pushDemo.onMessage(received);
    setStatus('idle', '');
    ready();
  }

  init();
}());
