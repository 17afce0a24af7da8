package org.pushserver.clientevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pushserver.api.ApiException;
import org.pushserver.api.PushRequestParser;
import org.pushserver.publish.Publisher;
import org.pushserver.publish.PushRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a backend's 2xx answer to a client event into the socket's ack: the answer itself, passed through, but for
 * its {@code publish}, which is validated as a {@code POST /api} body and published first, so that a chat line has
 * reached its recipients when its sender's ack arrives. An empty answer acks {@code {"ok": true}}.
 */
final class AnswerPublisher {
    private static final Logger log = LoggerFactory.getLogger(AnswerPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PUBLISH = "publish";

    private final PushRequestParser parser;
    private final Publisher publisher;

    AnswerPublisher(PushRequestParser parser, Publisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    /** The ack for {@code event} from the backend's 2xx {@code body}; never completes exceptionally. */
    CompletableFuture<ClientEventResult> apply(ClientEvent event, byte[] body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            log.warn("client event {} socket={} token={}: the backend's answer is not JSON ({})", event.event(),
                    event.socketId(), event.tokenId(), String.valueOf(e.getMessage()).split("\n")[0]);
            return done(ClientEventResult.refused(ClientEventOutcome.BAD_ANSWER));
        }
        if (answer == null || answer.isMissingNode()) { // an empty 2xx, e.g. 204
            return done(forwarded(JsonNodeFactory.instance.objectNode().put("ok", true)));
        }
        if (answer instanceof ObjectNode object && object.hasNonNull(PUBLISH)) {
            return publish(event, object);
        }
        return done(forwarded(answer));
    }

    /** Publishes the answer's {@code publish}; the ack is the rest of the answer. */
    private CompletableFuture<ClientEventResult> publish(ClientEvent event, ObjectNode answer) {
        JsonNode publish = answer.remove(PUBLISH); // for the server, not for the socket
        PushRequest push;
        try {
            push = parser.push(publish);
        } catch (ApiException e) {
            log.warn("client event {} socket={} token={}: the backend's publish is refused: {}", event.event(),
                    event.socketId(), event.tokenId(), e.getMessage());
            return done(ClientEventResult.refused(ClientEventOutcome.BAD_PUBLISH));
        }
        return publisher.push(push, System.nanoTime()).handle((published, error) -> {
            // as POST /api answers 503: the cluster was needed, and nothing could be delivered
            if (error != null || (!published.report().complete() && published.report().sockets() == 0)) {
                log.warn("client event {} socket={} token={}: the backend's publish failed: {}", event.event(),
                        event.socketId(), event.tokenId(), error != null ? error.toString() : published.report().error());
                return ClientEventResult.refused(ClientEventOutcome.PUBLISH_FAILED);
            }
            return forwarded(answer);
        });
    }

    private static ClientEventResult forwarded(JsonNode ack) {
        return new ClientEventResult(ClientEventOutcome.FORWARDED, ack);
    }

    private static CompletableFuture<ClientEventResult> done(ClientEventResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
