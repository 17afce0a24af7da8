package org.pushserver.socket.engineio;

import org.pushserver.http.HttpOnly;

import com.corundumstudio.socketio.SocketIOClient;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Lets a polling → websocket upgrade finish at once. To upgrade, a client probes the websocket, then waits for its
 * pending poll to return before switching. netty-socketio answers the probe with one NOOP on the polling side, but
 * when that NOOP reaches the client before the probe's answer, the client takes it as an ordinary poll, polls
 * again, and that new poll (hence the upgrade) hangs until the next heartbeat, up to the ping interval. Like the
 * Node server, which sends NOOPs for as long as an upgrade is under way, this answers every poll of a session that
 * has an open websocket but is still on polling with a NOOP, so the client's last poll returns.
 */
@Sharable
public final class UpgradeNoop extends ChannelInboundHandlerAdapter implements HttpOnly {
    private final String pathPrefix;
    private final Function<UUID, SocketIOClient> clients;
    private final Predicate<SocketIOClient> hasWebSocket;

    /** {@code hasWebSocket}: whether a socket has opened its websocket (from its probe on). */
    public UpgradeNoop(String socketIoPath, Function<UUID, SocketIOClient> clients, Predicate<SocketIOClient> hasWebSocket) {
        this.pathPrefix = socketIoPath + "/";
        this.clients = clients;
        this.hasWebSocket = hasWebSocket;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && request.method() == HttpMethod.GET && request.uri().startsWith(pathPrefix)
                && request.uri().contains("sid=") && request.uri().contains("transport=polling")) {
            Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
            List<String> sid = params.get("sid");
            if (sid != null && !sid.isEmpty()) {
                noopIfUpgrading(sid.get(0));
            }
        }
        super.channelRead(ctx, msg);
    }

    private void noopIfUpgrading(String sid) {
        UUID id;
        try {
            id = UUID.fromString(sid);
        } catch (IllegalArgumentException e) {
            return;
        }
        // The websocket is known from its probe on: the upgrade is under way until the session's transport switches.
        SocketIOClient client = clients.apply(id);
        if (client != null && hasWebSocket.test(client)) {
            // queued now, written as the answer to this poll once netty-socketio has bound it
            EngineIo.queueNoopForPoll(client);
        }
    }
}
