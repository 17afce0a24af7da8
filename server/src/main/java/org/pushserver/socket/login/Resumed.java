package org.pushserver.socket.login;

/**
 * What a login that opted in to resume learns in its ack: whether every message after its {@code lastMessageId} was
 * delivered ({@code recovered}), how many it missed and got now, and, when not recovered, why.
 */
record Resumed(boolean recovered, int missed, String reason) {
}
