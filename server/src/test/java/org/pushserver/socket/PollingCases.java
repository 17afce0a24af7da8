package org.pushserver.socket;

import org.pushserver.testing.Mutations;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The polling requests of the socket battery: garbage bodies POSTed to a real session, requests naming sessions
 * that do not exist or are not session ids at all, handshakes with bad {@code EIO=}, {@code transport=},
 * {@code j=} and {@code b64=} values, and websocket upgrades to such sessions.
 */
final class PollingCases {
    /** The session placeholder in {@link Case#query}, replaced by the real session id of the case. */
    static final String SID = "{sid}";

    /**
     * One request to the Socket.IO path.
     *
     * @param eio        the Engine.IO version of the real session the case needs, or 0 for none
     * @param upgrade    sent as a websocket upgrade instead
     */
    record Case(String kind, String method, String query, String contentType, byte[] body, int eio, boolean upgrade) {
        byte[] request(String sid) {
            String head = method + " /socket.io/?" + query.replace(SID, sid == null ? "" : sid) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + (body.length > 0 || method.equals("POST") ? "Content-Length: " + body.length + "\r\n" : "") + "Connection: close\r\n\r\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return kind + " " + method + " ?" + query + (eio > 0 ? " (EIO " + eio + " session)" : "") + " body("
                    + body.length + ")=" + (text.length() > 150 ? text.substring(0, 150) + "…" : text);
        }
    }

    private static final List<String> BAD_EIO = List.of("", "0", "1", "2", "5", "abc", "-1", "99999999999", "4&EIO=3", "3.0", "%00", "4%20");
    private static final List<String> BAD_TRANSPORT = List.of("", "foo", "WEBSOCKET", "Polling", "websocket", "flashsocket", "polling%00",
            "polling&transport=websocket", "jsonp-polling", "x".repeat(500));
    private static final List<String> BAD_SID = List.of("", "x", "null", "../../etc", "%00", "00000000-0000-0000-0000-000000000000",
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "1-1-1-1-1", "x".repeat(300));
    private static final String V4_SEPARATOR = "\u001e";

    private final Mutations m;
    private final int maxFrameBytes;

    PollingCases(Mutations m, int maxFrameBytes) {
        this.m = m;
        this.maxFrameBytes = maxFrameBytes;
    }

    Case next() {
        int eio = m.chance(70) ? 4 : 3;
        String session = "EIO=" + eio + "&transport=polling&sid=" + SID + (m.chance(10) ? "&b64=1" : "");
        return switch (m.nextInt(10)) {
            case 0, 1, 2, 3 -> new Case("post-garbage", "POST", session, m.pick("text/plain;charset=UTF-8", "application/octet-stream", null,
                    "text/plain"), garbageBody(eio), eio, false);
            case 4 -> new Case("post-oversized", "POST", session, "text/plain;charset=UTF-8",
                    ("42[\"user_login\",\"" + "x".repeat(maxFrameBytes + m.nextInt(maxFrameBytes)) + "\"]").getBytes(StandardCharsets.UTF_8), eio, false);
            case 5 -> new Case("wrong-method", m.pick("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO"), session, null, new byte[0], eio, false);
            case 6, 7 -> new Case("bad-sid", m.pick("GET", "POST", "OPTIONS", "PUT"), "EIO=" + m.pick("3", "4") + "&transport=polling&sid="
                    + (m.chance(50) ? m.pick(BAD_SID) : randomUuid())
                    + (m.chance(20) ? "&disconnect=1" : ""), "text/plain;charset=UTF-8", "40".getBytes(StandardCharsets.UTF_8), 0, false);
            case 8 -> new Case("bad-handshake", "GET", "EIO=" + m.pick(BAD_EIO) + "&transport=" + m.pick(BAD_TRANSPORT)
                    + m.pick("", "&j=abc", "&j=-1", "&b64=xyz", "&b64=2", "&t=" + m.text(5).replaceAll("[^A-Za-z0-9]", "")), null, new byte[0], 0, false);
            default -> new Case("bad-upgrade", "GET", "EIO=" + m.pick("4", "3", m.pick(BAD_EIO)) + "&transport=websocket"
                    + m.pick("", "&sid=" + randomUuid(), "&sid=" + m.pick(BAD_SID)), null, new byte[0], 0, true);
        };
    }

    /** A well-formed session id that names no session (drawn from the seed, so the case replays). */
    private String randomUuid() {
        return UUID.nameUUIDFromBytes(m.bytes(16)).toString();
    }

    /** A polling payload: random bytes, or packets in the session's framing with garbage in or between them. */
    private byte[] garbageBody(int eio) {
        if (m.chance(25)) {
            return m.bytes(m.nextInt(500));
        }
        StringBuilder payload = new StringBuilder();
        for (int i = 0, n = 1 + m.nextInt(4); i < n; i++) {
            String packet = m.pick("40", "42[\"user_login\",\"t" + m.nextInt(100) + "\"]", "2", "3", "6", "1", "4", "bAAAA", "b4AQID",
                    "451-[\"user_login\",{\"_placeholder\":true,\"num\":0}]", "42[\"user_login\"," + m.hostileJson() + "]", m.text(30));
            if (eio == 3) {
                payload.append(m.chance(80) ? String.valueOf(packet.length()) : m.pick("-1", "99999", "", "x", "2147483648")).append(':').append(packet);
            } else {
                payload.append(i > 0 ? m.pick(V4_SEPARATOR, V4_SEPARATOR, "", "\u001e\u001e") : "").append(packet);
            }
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return m.chance(30) ? m.mutate(bytes) : bytes;
    }
}
