package org.pushserver.socket.engineio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.protocol.AuthPacket;
import com.corundumstudio.socketio.protocol.ConnPacket;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Puts netty-socketio's packets to an Engine.IO v4 client in the form the spec gives them, just before its encoder:
 * <ul>
 *   <li>the open packet carries {@code maxPayload} (netty-socketio leaves it out), and starts the {@link Heartbeat};</li>
 *   <li>the CONNECT reply's {@code sid} is a Socket.IO id of its own, not the Engine.IO session id (Socket.IO v5);</li>
 *   <li>a CONNECT_ERROR is the object {@code {"message": …}}, not a bare string (v5; v3 clients keep the string);</li>
 *   <li>no NOOP goes over a websocket: the NOOPs that answered an upgrading session's polls stay in the queue
 *   netty-socketio hands to the websocket on upgrade, and arrived there as stray {@code 6} frames.</li>
 * </ul>
 * Each rewrite is idempotent: a packet still queued may be seen again.
 */
@Sharable
public final class OutgoingPackets extends ChannelOutboundHandlerAdapter {
    private final Heartbeat heartbeat;
    private final int maxPayload;
    private final Consumer<ClientHead> connectReplied;

    /** {@code connectReplied}: told, on the session's event loop, once its CONNECT reply has been written. */
    public OutgoingPackets(Heartbeat heartbeat, int maxPayload, Consumer<ClientHead> connectReplied) {
        this.heartbeat = heartbeat;
        this.maxPayload = maxPayload;
        this.connectReplied = connectReplied;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof OutPacketMessage out && out.getClientHead().getEngineIOVersion() == EngineIOVersion.V4) {
            ClientHead head = out.getClientHead();
            if (out.getTransport() == Transport.WEBSOCKET) {
                head.getPacketsQueue(Transport.WEBSOCKET).removeIf(packet -> packet.getType() == PacketType.NOOP);
            }
            boolean connected = false;
            for (Packet packet : head.getPacketsQueue(out.getTransport())) {
                connected |= rewrite(ctx, head, packet);
            }
            super.write(ctx, msg, promise);
            if (connected) { // after the reply itself: what follows the CONNECT (a recovered socket's replay) comes after it
                ctx.executor().execute(() -> connectReplied.accept(head));
            }
            return;
        }
        super.write(ctx, msg, promise);
    }

    /** Puts {@code packet} in the spec's form; true when it is the CONNECT reply (seen for the first time). */
    private boolean rewrite(ChannelHandlerContext ctx, ClientHead head, Packet packet) {
        if (packet.getType() == PacketType.OPEN && packet.getData() instanceof AuthPacket open) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("sid", open.getSid().toString());
            data.put("upgrades", open.getUpgrades());
            data.put("pingInterval", open.getPingInterval());
            data.put("pingTimeout", open.getPingTimeout());
            data.put("maxPayload", maxPayload);
            packet.setData(data);
            heartbeat.opened(head, ctx.executor());
        } else if (packet.getType() == PacketType.MESSAGE && packet.getSubType() == PacketType.CONNECT
                && packet.getData() instanceof ConnPacket) {
            String pid = EngineIo.pid(head);
            packet.setData(pid == null ? Map.of("sid", UUID.randomUUID().toString())
                    : Map.of("sid", UUID.randomUUID().toString(), "pid", pid));
            heartbeat.connected(head);
            return true;
        } else if (packet.getType() == PacketType.MESSAGE && packet.getSubType() == PacketType.ERROR
                && packet.getData() instanceof String message) {
            packet.setData(Map.of("message", message));
        }
        return false;
    }
}
