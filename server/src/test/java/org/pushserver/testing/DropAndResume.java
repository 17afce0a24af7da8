package org.pushserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.provider.Arguments;
import org.pushserver.testing.ResumingClient.Mode;
import org.pushserver.testing.TcpProxy.Side;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drop-and-resume scenario every client line runs, on one node and in a cluster: a client logged in through a
 * {@link TcpProxy} gets pushes; the proxy is severed and refuses new connections while more are POSTed; then it
 * accepts again and more are POSTed at once, racing the reconnect. All of them must arrive exactly once, in the order
 * the /api answers came, before a final marker.
 */
public final class DropAndResume {
    /** Pushes before the cut, while the client is away, and racing its return. */
    static final int BEFORE = 3;
    static final int DURING = 4;
    static final int RACING = 3;
    static final int ALL = BEFORE + DURING + RACING;
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The npm socket.io-client lines of {@code src/test/js/package.json}. */
    public static final List<String> NODE_LINES = List.of("2.0.3", "2.5.0", "3.1.3", "4.8.1");

    private DropAndResume() {
    }

    /** Every line that resumes with lastMessageId in this JVM (the npm lines and Java), with each side of the cut. */
    public static Stream<Arguments> linesAndSides() {
        Stream<ResumingClient.Line> lines = Stream.concat(NODE_LINES.stream().map(NodeResumingClient::line), Stream.of(JavaResumingClient.LINE));
        return lines.flatMap(line -> Stream.of(Side.values()).map(side -> Arguments.of(line, side)));
    }

    /**
     * Runs the scenario.
     *
     * @param publish  where the pushes are POSTed
     * @param proxy    the client's way in; its target is where the client first connects
     * @param line     the client line
     * @param mode     how the client resumes
     * @param cut      which side of the connection is reset first
     * @param whileAway run while the client is away (e.g. {@code proxy.retarget(other node)}), before the proxy accepts again
     * @return the client's events, for more checks
     */
    public static ClientEvents run(RunningServer publish, TcpProxy proxy, ResumingClient.Line line, Mode mode, Side cut,
                                   Runnable whileAway) {
        return run(publish, proxy, line, mode, cut, whileAway, "default");
    }

    /** As {@link #run(RunningServer, TcpProxy, ResumingClient.Line, Mode, Side, Runnable)} over {@code transport}. */
    public static ClientEvents run(RunningServer publish, TcpProxy proxy, ResumingClient.Line line, Mode mode, Side cut,
                                   Runnable whileAway, String transport) {
        String token = "resume-" + line.name() + "-" + UUID.randomUUID();
        try (ResumingClient client = line.start(new ResumingClient.Options(proxy.url(), token, mode, transport, false))) {
            ClientEvents events = client.events();
            JsonNode first = events.await("login", 0, WAIT).get("ack");
            assertTrue(first.path("ok").asBoolean(), () -> "first login: " + first);
            if (mode == Mode.RESUME) {
                assertFalse(first.path("recovered").asBoolean(true), () -> "a null lastMessageId recovers nothing: " + first);
            }
            List<String> ids = new ArrayList<>();
            push(publish, token, 0, BEFORE, ids);
            events.awaitMessages(BEFORE, WAIT);

            proxy.refuse();
            proxy.sever(cut); // a polling client may be between two requests: its next one is refused
            events.await("disconnect", 0, WAIT);
            push(publish, token, BEFORE, BEFORE + DURING, ids);
            whileAway.run();
            proxy.accept();
            push(publish, token, BEFORE + DURING, ALL, ids);

            JsonNode reconnect = events.await("connect", 1, WAIT);
            if (mode == Mode.RESUME) {
                JsonNode ack = events.await("login", 1, WAIT).get("ack");
                assertTrue(ack.path("ok").asBoolean() && ack.path("recovered").asBoolean(), () -> "resumed login: " + ack);
                int missed = ack.path("missed").asInt(-1);
                // a 4.6+ client that also recovered its session got what it missed before its login: nothing twice
                int least = reconnect.path("recovered").asBoolean() ? 0 : DURING;
                assertTrue(missed >= least && missed <= DURING + RACING, () -> "missed " + missed + " in " + ack);
            } else {
                assertTrue(reconnect.path("recovered").asBoolean(), () -> "socket.recovered after the reconnect: " + events);
            }
            events.awaitMessages(ALL, WAIT);
            ids.add(publish.push(List.of(token), "marker", "null").get("id").asText());
            List<JsonNode> got = events.awaitMessages(ALL + 1, WAIT);

            List<String> order = got.stream().map(m -> m.path("entityType").asText() + ":" + m.path("data").path("i").asText()).toList();
            List<String> expected = new ArrayList<>(IntStream.range(0, ALL).mapToObj(i -> "resume:" + i).toList());
            expected.add("marker:");
            assertEquals(expected, order, () -> "every push exactly once, in order, before the marker; events: " + events);
            if (mode == Mode.RESUME) {
                assertEquals(ids, got.stream().map(m -> m.path("id").asText()).toList(), "each payload carries its /api id");
            } else {
                assertEquals(1, events.all("login").size(), "the recovered session needed no new login");
            }
            return events;
        }
    }

    /** POSTs pushes {@code from} to {@code to} (exclusive) one after the other; their ids go into {@code ids}. */
    public static void push(RunningServer server, String token, int from, int to, List<String> ids) {
        for (int i = from; i < to; i++) {
            ids.add(server.push(List.of(token), "resume", "{\"i\":" + i + "}").get("id").asText());
        }
    }
}
