package org.pushserver.socket;

import org.pushserver.testing.FrameSocket;
import org.pushserver.testing.Mutations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The websocket frames of the socket battery, sent after a real Engine.IO handshake: random text and binary frames,
 * mutated {@code user_login} packets, bad packet types and namespaces, huge ack ids, hostile and deeply nested JSON,
 * attachment placeholders with missing or stray attachments, invalid UTF-8, oversized frames, and frames that break
 * the websocket rules themselves (reserved bits and opcodes, unmasked, stray continuations, lying lengths).
 */
final class FrameCases {
    /** One frame to send as described, or {@code raw} bytes as they are. */
    record Send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, boolean raw) {
        static Send text(String text) {
            return bytes(FrameSocket.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        static Send bytes(int opcode, byte[] payload) {
            return new Send(true, 0, opcode, payload, true, false);
        }
    }

    /** The frames of one case; {@code beforeNamespace} sends them before the socket joins the namespace. */
    record Case(String kind, List<Send> sends, boolean beforeNamespace) {
        @Override
        public String toString() {
            List<String> shown = new ArrayList<>();
            for (Send s : sends) {
                String text = s.opcode() == FrameSocket.BINARY || s.raw() ? hex(s.payload()) : new String(s.payload(), StandardCharsets.UTF_8);
                shown.add((s.raw() ? "raw " : "op" + s.opcode() + (s.fin() ? "" : " !fin") + (s.rsv() != 0 ? " rsv" + s.rsv() : "")
                        + (s.masked() ? "" : " unmasked") + " ") + (text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + ")" : text));
            }
            return kind + (beforeNamespace ? " (before CONNECT) " : " ") + shown;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < Math.min(bytes.length, 24); i++) {
            out.append(String.format("%02x", bytes[i]));
        }
        return out.append(bytes.length > 24 ? "…(" + bytes.length + ")" : "").toString();
    }

    private static final String LOGIN = "42[\"user_login\",{\"tokenId\":\"battery\"}]";
    private static final List<String> PACKETS = List.of("", "4", "42", "43", "44", "45", "46", "47", "48", "49", "4x", "7", "8", "9",
            "0", "0{}", "1", "3", "3probe", "5", "6", "2", "2probe", "40/nope,", "40/nope,{\"token\":1}", "42/nope,[\"user_login\",\"t\"]",
            "40/" + "n".repeat(3000) + ",", "41/nope,", "44/,", "40{\"auth\":" + "[".repeat(50) + "]".repeat(50) + "}", "42[]", "42{}",
            "42\"user_login\"", "42[\"user_login\"]", "42[null]", "42[1,2,3]", "42[\"\"]", "42[\"user_logout\",{}]", "42[\"receive_message\",{}]",
            "4299999999999999999999999[\"user_login\",\"t\"]", "42-1[\"user_login\",\"t\"]", "422147483648[\"user_login\",\"t\"]",
            "4399[\"nobody asked\"]", "4312[]", "43", "42[\"user_login\",\"t\"", "42[\"user_login\",\"t\"]]]", "42[\"user_login\",\"t\"] trailing",
            "42 [\"user_login\",\"t\"]", "42/,0[\"user_login\",\"t\"]", "42/" + ",".repeat(20), "4" + "9".repeat(500));
    private static final List<String> ATTACHMENTS = List.of("451-[\"user_login\",{\"_placeholder\":true,\"num\":0}]",
            "452-[\"user_login\",{\"_placeholder\":true,\"num\":1}]", "4599999999-[\"user_login\",{\"_placeholder\":true,\"num\":0}]",
            "451-", "45-[\"user_login\"]", "451-[\"user_login\",{\"_placeholder\":true,\"num\":7}]", "460-[\"x\"]",
            "451-0[\"user_login\",{\"_placeholder\":true,\"num\":\"x\"}]", "451-[{\"_placeholder\":true}]");

    private final Mutations m;
    private final int maxFrameBytes;

    FrameCases(Mutations m, int maxFrameBytes) {
        this.m = m;
        this.maxFrameBytes = maxFrameBytes;
    }

    Case next() {
        List<Send> sends = new ArrayList<>();
        String kind = switch (m.nextInt(12)) {
            case 0 -> add(sends, "random-text", Send.text(m.text(300)));
            case 1 -> add(sends, "random-binary", Send.bytes(FrameSocket.BINARY, m.bytes(m.nextInt(400))));
            case 2, 3 -> add(sends, "mutated-login", Send.bytes(m.chance(80) ? FrameSocket.TEXT : FrameSocket.BINARY, mutatedLogin()));
            case 4 -> add(sends, "packet", Send.text(m.pick(PACKETS)));
            case 5 -> add(sends, "event-args", Send.text("42" + (m.chance(30) ? String.valueOf(m.nextInt(100_000)) : "")
                    + "[\"" + m.pick("user_login", "user_logout", "x", "") + "\"," + m.hostileJson() + "]"));
            case 6 -> add(sends, "nested", Send.text("42[\"user_login\"," + m.nested(1 + m.nextInt(4000)) + "]"));
            case 7 -> attachments(sends);
            case 8 -> add(sends, "invalid-utf8", Send.bytes(FrameSocket.TEXT, m.mutate(m.mutate(LOGIN.getBytes(StandardCharsets.UTF_8)))));
            case 9 -> add(sends, "oversized", Send.bytes(m.pick(FrameSocket.TEXT, FrameSocket.BINARY),
                    ("42[\"user_login\",\"" + "x".repeat(maxFrameBytes + m.nextInt(maxFrameBytes)) + "\"]").getBytes(StandardCharsets.UTF_8)));
            case 10 -> websocketRules(sends);
            default -> burst(sends);
        };
        return new Case(kind, sends, m.chance(15));
    }

    private static String add(List<Send> sends, String kind, Send send) {
        sends.add(send);
        return kind;
    }

    private byte[] mutatedLogin() {
        byte[] packet = ("42" + (m.chance(50) ? String.valueOf(m.nextInt(1000)) : "") + "[\"user_login\",{\"tokenId\":"
                + (m.chance(50) ? "\"t" + m.nextInt(100) + "\"" : m.hostileJson()) + ",\"userId\":7}]").getBytes(StandardCharsets.UTF_8);
        for (int i = 0, n = 1 + m.nextInt(3); i < n; i++) {
            packet = m.mutate(packet);
        }
        return packet;
    }

    /** A placeholder packet followed by too few, too many or no attachments, or a stray attachment alone. */
    private String attachments(List<Send> sends) {
        if (m.chance(20)) {
            sends.add(Send.bytes(FrameSocket.BINARY, m.bytes(m.nextInt(64))));
            return "stray-attachment";
        }
        sends.add(Send.text(m.pick(ATTACHMENTS)));
        for (int i = 0, n = m.nextInt(3); i < n; i++) {
            sends.add(m.chance(70) ? Send.bytes(FrameSocket.BINARY, m.bytes(m.nextInt(64))) : Send.text(LOGIN));
        }
        return "attachments";
    }

    /** Frames that break RFC 6455 itself; the server must close, not stall. */
    private String websocketRules(List<Send> sends) {
        byte[] payload = LOGIN.getBytes(StandardCharsets.UTF_8);
        switch (m.nextInt(8)) {
            case 0 -> sends.add(new Send(true, 1 + m.nextInt(7), FrameSocket.TEXT, payload, true, false));
            case 1 -> sends.add(new Send(true, 0, m.pick(3, 4, 5, 6, 7, 11, 12, 13, 14, 15), payload, true, false));
            case 2 -> sends.add(new Send(true, 0, FrameSocket.TEXT, payload, false, false));
            case 3 -> sends.add(new Send(true, 0, FrameSocket.CONTINUATION, payload, true, false));
            case 4 -> { // a fragmented message interrupted by a new one
                sends.add(new Send(false, 0, FrameSocket.TEXT, "42[\"user_".getBytes(StandardCharsets.UTF_8), true, false));
                sends.add(Send.text(LOGIN));
            }
            case 5 -> sends.add(new Send(true, 0, FrameSocket.PING, m.bytes(126 + m.nextInt(200)), true, false));
            case 6 -> sends.add(Send.bytes(FrameSocket.CLOSE, m.chance(50) ? new byte[] {0x03} : new byte[] {(byte) 0xFF, (byte) 0xFF, 'x'}));
            default -> sends.add(new Send(true, 0, 0, new byte[] {(byte) 0x81, (byte) 0xFF, 0x7F, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3, 4}, true, true));
        }
        return "websocket-rules";
    }

    /** Several valid-looking packets in a row, some damaged: a client that floods. */
    private String burst(List<Send> sends) {
        for (int i = 0, n = 2 + m.nextInt(20); i < n; i++) {
            sends.add(m.chance(70) ? Send.text(LOGIN) : Send.bytes(FrameSocket.TEXT, mutatedLogin()));
        }
        return "burst";
    }
}
