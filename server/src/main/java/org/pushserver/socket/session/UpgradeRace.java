package org.pushserver.socket.session;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.TimeUnit;

/**
 * Closes a gap in netty-socketio's polling → websocket upgrade. A packet sent while the upgrade switches transports
 * can land in the (now shared) queue after the upgrade flushed it, with no channel to write it: it then waits for the
 * next packet to that client, up to a ping interval later (seen as a login ack arriving 25 s late under load). After
 * such a send, when the session has a websocket, this flushes its queue there, and looks again a little later while
 * the switch is still under way.
 */
final class UpgradeRace {
    private static final long RECHECK_MS = 50;
    private static final int RECHECKS = 10;

    private UpgradeRace() {
    }

    static void check(ClientHead head, ChannelHandlerContext ws) {
        check(head, ws, RECHECKS);
    }

    private static void check(ClientHead head, ChannelHandlerContext ws, int rechecksLeft) {
        if (ws == null || !ws.channel().isActive()) {
            return; // no websocket: no upgrade to race with
        }
        if (head.getCurrentTransport() == Transport.WEBSOCKET) {
            if (!head.getPacketsQueue(Transport.WEBSOCKET).isEmpty()) {
                ws.channel().writeAndFlush(new OutPacketMessage(head, Transport.WEBSOCKET));
            }
        } else if (rechecksLeft > 0) {
            ws.executor().schedule(() -> check(head, ws, rechecksLeft - 1), RECHECK_MS, TimeUnit.MILLISECONDS);
        }
    }
}
