package org.pushserver.socket.session;

/** The form in which a socket takes its {@code receive_message} payloads. */
public enum Payload {
    /** {@code {"entityType","data"}}: today's bytes, for sockets that did not opt in. */
    PLAIN,
    /** {@code {"entityType","data","id"}}: sockets that log in with {@code lastMessageId}. */
    WITH_ID,
    /** Today's payload plus the id as a last argument: the offset socket.io-client 4.6+ records for recovery. */
    WITH_OFFSET,
    /** Both: a socket.io-client 4.6+ that also logs in with {@code lastMessageId}. */
    WITH_ID_AND_OFFSET;

    /** Whether the payload object carries the id. */
    public boolean hasId() {
        return this == WITH_ID || this == WITH_ID_AND_OFFSET;
    }

    /** Whether the id follows the payload as the recovery offset. */
    public boolean hasOffset() {
        return this == WITH_OFFSET || this == WITH_ID_AND_OFFSET;
    }

    /** This form with the id in the payload. */
    public Payload withId() {
        return hasOffset() ? WITH_ID_AND_OFFSET : WITH_ID;
    }
}
