/**
 * The Engine.IO / Socket.IO layer: netty-socketio 2.0.14 held to the published protocols (Engine.IO v4,
 * socket.io's {@code docs/engine.io-protocol/v4-current.md}; Socket.IO v5, {@code docs/socket.io-protocol/v5-current.md}),
 * with Engine.IO v3 kept as the 2.x clients need it. Each class here works around one defect of netty-socketio; the
 * list says which, the test that proves the fix, and when the patch can go. "Upstream" means: drop the patch once a
 * netty-socketio release fixes it and the named test still passes without it. The conformance suite is
 * {@code EngineIoConformanceIT} and {@code SocketIoConformanceIT} (one spec rule per test, 300 ms ping interval,
 * 200 ms ping timeout).
 *
 * <h2>Handlers of netty-socketio replaced or taken over</h2>
 * <ul>
 *   <li>{@link org.pushserver.socket.engineio.Heartbeat} takes over the v4 heartbeat (netty-socketio's pings are
 *   cancelled per session). Defect: pings on a 100 ms timer wheel regardless of pongs, a timeout reset by any packet,
 *   and a session forgotten (its timers with it) once its last socket left, which then stayed open for ever. Also the
 *   connect timeout ({@code CONNECT_TIMEOUT_MS}), which netty-socketio lacks. Tests:
 *   {@code EngineIoConformanceIT#aWebSocketWhosePongsStopIsClosedAtPingIntervalPlusTimeout},
 *   {@code #aPollingSessionWhosePongsStopIsClosedAtPingIntervalPlusTimeout},
 *   {@code SocketIoConformanceIT#aSessionThatNeverConnectsIsClosedAtPingIntervalPlusTimeoutWhenItsPongsStop},
 *   {@code #aSocketThatLeftItsNamespaceIsClosedNoLaterThanPingIntervalPlusTimeout},
 *   {@code #aSessionRefusedANamespaceIsClosedAtPingIntervalPlusTimeoutWhenItsPongsStop},
 *   {@code #aLoggedInSocketIsClosedAtPingIntervalPlusTimeoutWhenItsPongsStop},
 *   {@code #aConnectionThatNeverSendsConnectIsClosedAfterTheConnectTimeout}. Remove: when netty-socketio schedules
 *   pings from pongs on the channel's event loop and keeps a session's timers until the session closes.</li>
 *   <li>{@link org.pushserver.socket.engineio.StrictPackets} + {@link org.pushserver.socket.engineio.PacketCheck}
 *   stand before netty-socketio's {@code InPacketHandler}/{@code PacketDecoder}, which read almost anything as some
 *   packet ({@code 4abc} as a DISCONNECT, {@code b…} as a PING, {@code 42abc[…]} with a made-up ack id, {@code 42{}}
 *   as a nameless event, a binary frame by its first byte). Tests: {@code SocketIoConformanceIT#anUnknown*},
 *   {@code #anEventWhosePayloadIsNoArrayClosesTheConnectionAtOnce}, {@code #anInvalidAckIdClosesTheConnectionAtOnce},
 *   {@code #anUnexpectedBinaryFrameClosesTheConnectionAtOnce}, {@code #aBase64PacketIsNeverReadAsAnotherPacketType},
 *   {@code PacketCheckTest}. Remove: when the decoder follows socket.io-parser's grammar and fails on the rest.</li>
 *   <li>{@link org.pushserver.socket.engineio.PollingPosts}: netty-socketio answers a POST "ok" before reading it,
 *   so a bad packet or an oversized payload could not be refused. 413 over {@code maxPayload}, 400 for a bad packet,
 *   both closing the session; 400 after the upgrade. Tests:
 *   {@code EngineIoConformanceIT#aPostLargerThanMaxPayloadIsRefusedWith413AndEndsTheSession},
 *   {@code SocketIoConformanceIT#aBadPacketPostedOverPollingIsRefusedWith400AndClosesTheSession}. Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.PollingGets}: netty-socketio binds every GET as the poll (a second one
 *   replaced the first, which hung; an aborted one left the session open; one after the upgrade stole the
 *   websocket's packets). Tests: {@code EngineIoConformanceIT#aSecondGetWhileOneIsPendingIsRefusedWith400AndClosesTheSession},
 *   {@code #anAbortedPendingGetEndsTheSession}, {@code #aPollWithTheSidOfAnUpgradedSessionIsRefusedWith400}.
 *   Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.WebSocketClaims}: a second websocket naming a session took it over.
 *   Tests: {@code EngineIoConformanceIT#aSecondWebSocket*}. Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.OutgoingPackets}: no {@code maxPayload} in the open packet, the
 *   Engine.IO sid as the CONNECT reply's Socket.IO sid, CONNECT_ERROR as a bare string for v5, stray NOOPs handed to
 *   the websocket on upgrade. Tests: {@code EngineIoConformanceIT#aPollingHandshakeAnswers*},
 *   {@code #aWebSocketHandshakeAnswers*}, {@code #noNoopReachesTheWebSocketAfterTheUpgrade},
 *   {@code SocketIoConformanceIT#theConnectReplyCarriesASocketIoSidDistinctFromTheEngineIoSid},
 *   {@code #aConnectToAnUnknownNamespaceGetsTheObjectFormOfConnectError}, {@code #aV4ClientKeepsTheStringFormOfConnectError}.
 *   Remove: upstream (and keep what the resume work adds to the CONNECT reply).</li>
 *   <li>{@link org.pushserver.socket.engineio.PollingResponses}: netty-socketio promises {@code Connection: keep-alive}
 *   on every polling answer and then closes the connection; and labels v4 text payloads
 *   {@code application/octet-stream}. Test: {@code EngineIoConformanceIT#aPollingAnswerNeverPromisesKeepAliveOnAConnectionTheServerCloses},
 *   {@code #aPostIsAnsweredOkAndTextPollsComeAsTextPlainUtf8}. Remove: upstream (or when polling answers keep the
 *   connection alive, as Node's do).</li>
 *   <li>{@link org.pushserver.socket.engineio.Sessions}: no handler; the lookup of netty-socketio's sessions (its
 *   private {@code ClientsBox}, read once by reflection) and the one way to close a session from the server. Remove:
 *   with the last handler that needs it.</li>
 * </ul>
 *
 * <h2>Patches from the bad-input battery and the client-line tests</h2>
 * <ul>
 *   <li>{@link org.pushserver.socket.engineio.EngineIoRequests}: 500s and silent closes for bad Engine.IO requests;
 *   a session opened for a POST handshake or a missing {@code EIO}. Tests:
 *   {@code EngineIoBadInputIT#badEngineIoRequestsGetEngineIosOwn400InsteadOfA500OrASilentClose},
 *   {@code EngineIoConformanceIT#aMissingOrInvalidEioIsRefusedWith400AndCode5}, {@code #aMissingOrUnknownTransport*},
 *   {@code #aHandshakeWithAnotherMethodThanGetIsRefusedWith400AndCode2}, {@code #aRequestWithAnUnknownSid*}. Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.EngineIoQuery}: {@code b64=1} on v4 polling answered in v3 framing.
 *   Test: {@code JsClientCompatibilityIT} (3.x/4.x polling). Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.Eio3TextPayload}: non-ASCII text garbled to 2.x polling clients.
 *   Tests: {@code Eio3TextPayloadTest}, {@code JsClientCompatibilityIT} (2.x polling). Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.UpgradeNoop}: an upgrade waited for the next heartbeat; now one NOOP
 *   per poll at most (two made {@code 6\u001e6}). Tests: {@code JsClientCompatibilityIT},
 *   {@code EngineIoConformanceIT#anUpgradeAnswersTheProbeAndGivesThePendingPollASingleNoop},
 *   {@code #aPollAfterTheProbeGetsASingleNoop}. Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.PacketSeparators}: the decoder leaks a buffer per {@code 0x1e}. Test:
 *   {@code EngineIoBadInputIT#aBatchedV4PollIsHandledPacketByPacket}. Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.AckIds}: acks beyond an int threw in the encoder. Test:
 *   {@code EngineIoBadInputIT#anAckIdBeyondAnIntGetsNoAckAndTheSocketServesOn}. Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.ClosedSessions}, {@link org.pushserver.socket.engineio.LateConnects}:
 *   a socket joined to a closed session. Test: {@code EngineIoBadInputIT#aSessionClosedByItsOwnPacketsKeepsNoSocket}.
 *   Remove: upstream.</li>
 *   <li>{@link org.pushserver.socket.engineio.PendingPolls}: a pending poll left unanswered when its session closed.
 *   Test: {@code EngineIoBadInputIT#aPollPendingWhenItsSessionClosesIsAnswered}. Remove: upstream.</li>
 * </ul>
 */
package org.pushserver.socket.engineio;
