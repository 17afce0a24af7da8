package org.pushserver.socket.events;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JsonSupport;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * netty-socketio's JSON support with one change: an event whose name no listener handles is decoded as an event
 * named {@link #NAME} whose one argument is the original name, once a listener for {@link #NAME} exists. netty-socketio
 * drops an unknown event without a trace (its namespace finds no listener, and no ack is ever sent), so a client
 * waiting for the ack of an event not in {@code CLIENT_EVENTS} would wait for ever; this lets
 * {@link ClientEventListener} answer it {@code {"ok": false, "error": "not_allowed"}}. The unknown event's arguments
 * are not read. With no listener for {@link #NAME} (client events off) nothing changes.
 */
public final class UnlistedEvents implements JsonSupport {
    /** The name an unhandled event is delivered under (a client sending it itself is refused the same way). */
    public static final String NAME = "pushserver:unlisted-event";

    private final JsonSupport delegate;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();

    public UnlistedEvents(JsonSupport delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        T value = delegate.readValue(namespaceName, src, valueType);
        if (value instanceof Event event && !handled.contains(event.getName()) && handled.contains(NAME)) {
            return valueType.cast(new Event(NAME, List.of(String.valueOf(event.getName()))));
        }
        return value;
    }

    @Override
    public void addEventMapping(String namespaceName, String eventName, Class<?>... eventClass) {
        handled.add(eventName); // names are listeners registered by the server at start, never client data
        delegate.addEventMapping(namespaceName, eventName, eventClass);
    }

    @Override
    public void removeEventMapping(String namespaceName, String eventName) {
        delegate.removeEventMapping(namespaceName, eventName);
    }

    @Override
    public AckArgs readAckArgs(ByteBufInputStream src, AckCallback<?> callback) throws IOException {
        return delegate.readAckArgs(src, callback);
    }

    @Override
    public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
        delegate.writeValue(out, value);
    }

    @Override
    public List<byte[]> getArrays() {
        return delegate.getArrays();
    }
}
