package org.pushserver.socket.guard;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.pushserver.metrics.PushMetrics;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionsPerIpTest {

    /** An embedded channel that seems to come from {@code ip} (registered once the address is set). */
    private static final class FromAddress extends EmbeddedChannel {
        private InetSocketAddress remote;

        FromAddress(String ip, ConnectionsPerIp limit) {
            super(false, true, limit);
            remote = new InetSocketAddress(ip, 40000);
            try {
                register();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }

    @Test
    void aConnectionOverTheLimitOfItsAddressIsClosedAndOthersAreNot() {
        PushMetrics metrics = new PushMetrics();
        ConnectionsPerIp limit = new ConnectionsPerIp(2, metrics);
        List<EmbeddedChannel> first = new ArrayList<>(List.of(new FromAddress("127.0.0.1", limit), new FromAddress("127.0.0.1", limit)));

        EmbeddedChannel third = new FromAddress("127.0.0.1", limit);
        EmbeddedChannel otherAddress = new FromAddress("::1", limit);

        assertTrue(first.stream().allMatch(EmbeddedChannel::isOpen));
        assertFalse(third.isOpen(), "the third connection of 127.0.0.1 is refused");
        assertTrue(otherAddress.isOpen());
        assertTrue(metrics.scrape().contains("reason=\"per_ip\""), "the refusal is counted");
        first.get(0).close();
        assertTrue(new FromAddress("127.0.0.1", limit).isOpen(), "a closed connection frees its place");
        metrics.close();
    }

    @Test
    void noEntryIsLeftForAnAddressWhoseConnectionsAllClosed() {
        PushMetrics metrics = new PushMetrics();
        ConnectionsPerIp limit = new ConnectionsPerIp(1, metrics);
        List<EmbeddedChannel> channels = List.of(new FromAddress("127.0.0.1", limit), new FromAddress("127.0.0.1", limit),
                new FromAddress("::1", limit));
        assertEquals(2, limit.addresses());

        channels.forEach(EmbeddedChannel::close);

        assertEquals(0, limit.addresses());
        metrics.close();
    }
}
