package org.pushserver.socket.session;

/** The form in which a socket takes its {@code receive_message} payloads. */
public enum Payload {
    /** {@code {"entityType","data"}}: today's bytes, for sockets that did not opt in. */
    PLAIN,
    /** {@code {"entityType","data","id"}}: sockets that log in with {@code lastMessageId}. */
    WITH_ID,
    /** Today's payload plus the id as a last argument: the offset socket.io-client 4.6+ records for recovery. */
    WITH_OFFSET
}
