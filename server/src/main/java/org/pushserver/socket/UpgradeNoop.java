package org.pushserver.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Lets a polling → websocket upgrade finish at once. To upgrade, a client probes the websocket, then waits for its
 * pending poll to return before switching. netty-socketio answers the probe with one NOOP on the polling side, but
 * when that NOOP reaches the client before the probe's answer, the client takes it as an ordinary poll, polls
 * again, and that new poll (hence the upgrade) hangs until the next heartbeat, up to the ping interval. Like the
 * Node server, which sends NOOPs for as long as an upgrade is under way, this answers every poll of a session that
 * has an open websocket but is still on polling with a NOOP, so the client's last poll returns.
 */
@Sharable
public final class UpgradeNoop extends ChannelInboundHandlerAdapter {
    private final String pathPrefix;
    private final Function<UUID, SocketIOClient> clients;
    /** The websocket of each session that opened one with its session id, i.e. that upgrades from polling. */
    private final Map<String, Channel> websockets = new ConcurrentHashMap<>();

    public UpgradeNoop(String socketIoPath, Function<UUID, SocketIOClient> clients) {
        this.pathPrefix = socketIoPath + "/";
        this.clients = clients;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && request.method() == HttpMethod.GET && request.uri().startsWith(pathPrefix)
                && request.uri().contains("sid=")) {
            Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
            String sid = first(params, "sid");
            String transport = first(params, "transport");
            if (sid != null && "websocket".equals(transport)) {
                remember(sid, ctx.channel());
            } else if (sid != null && "polling".equals(transport)) {
                noopIfUpgrading(sid);
            }
        }
        super.channelRead(ctx, msg);
    }

    private void remember(String sid, Channel websocket) {
        websockets.put(sid, websocket);
        websocket.closeFuture().addListener(f -> websockets.remove(sid, websocket));
    }

    private void noopIfUpgrading(String sid) {
        Channel websocket = websockets.get(sid);
        if (websocket == null || !websocket.isActive()) {
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(sid);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (clients.apply(id) instanceof NamespaceClient client) {
            ClientHead head = client.getBaseClient();
            if (head.getCurrentTransport() == Transport.POLLING) {
                // queued now, written as the answer to this poll once netty-socketio has bound it
                head.send(new Packet(PacketType.NOOP, head.getEngineIOVersion()), Transport.POLLING);
            }
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
