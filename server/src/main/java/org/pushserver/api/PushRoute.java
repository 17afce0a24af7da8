package org.pushserver.api;

import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.delivery.DeliveryReport;
import org.pushserver.history.Accepted;
import org.pushserver.history.Settled;
import org.pushserver.http.ErrorCode;
import org.pushserver.http.HttpReply;
import org.pushserver.mobile.MobileQueued;
import org.pushserver.publish.Published;
import org.pushserver.publish.Publisher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api}: a push to tokens, answered with the fields existing backends check
 * ({@code responseCode: 0, data: "OK!"}) plus the delivery report, the message's {@code id}, the tokens it was
 * {@code queued} for (with a {@code ttl}) and whether it was {@code stored}. The id is given before delivery, so live
 * sockets get it too. {@code GET /api} answers {@code .} as the old server did for health probes.
 */
public final class PushRoute implements Route {
    private final PushRequestParser parser;
    private final Publisher publisher;

    public PushRoute(PushRequestParser parser, Publisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET, HttpMethod.POST);
    }

    @Override
    public boolean publishes() {
        return true;
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        if (call.method().equals(HttpMethod.GET)) {
            return CompletableFuture.completedFuture(HttpReply.text(200, "text/plain; charset=utf-8", "."));
        }
        return publisher.push(parser.push(call), call.startNanos()).thenApply(PushRoute::answer);
    }

    /** The answer to a push: 200 with the report, or 503 when the cluster was needed and unreachable. */
    static HttpReply answer(Published published) {
        return answer(published.report(), published.accepted(), published.settled(), published.keeps(), published.mobile());
    }

    /**
     * The answer to a push or broadcast: 200 with the report, or 503 when the cluster was needed and unreachable.
     * {@code keeps}: whether anything was to be stored, so that {@code stored} means something.
     */
    static HttpReply answer(DeliveryReport report, Accepted accepted, Settled settled, boolean keeps) {
        return answer(report, accepted, settled, keeps, null);
    }

    /** {@code mobile}: what a notification queued for devices ({@code devices}, and {@code mobileError}, {@code notQueued}). */
    private static HttpReply answer(DeliveryReport report, Accepted accepted, Settled settled, boolean keeps, MobileQueued mobile) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean nothing = !report.complete() && report.sockets() == 0;
        if (nothing) {
            body.put("error", ErrorCode.CLUSTER_UNAVAILABLE.code());
            body.put("message", ErrorCode.CLUSTER_UNAVAILABLE.defaultMessage() + ": " + report.error());
            body.put("responseCode", 1);
        } else {
            body.put("responseCode", 0);
            body.put("data", "OK!");
        }
        body.put("id", accepted.id());
        body.put("sockets", report.sockets());
        body.put("online", report.online());
        body.put("offline", report.offline());
        body.put("queued", settled.queued());
        if (keeps) {
            body.put("stored", accepted.stored() && settled.stored());
        }
        if (!report.complete()) {
            body.put("undetermined", report.undetermined());
            body.put("clusterError", report.error());
        }
        if (mobile != null) {
            body.put("devices", mobile.devices());
            if (mobile.error() != null) {
                body.put("mobileError", mobile.error());
            }
            if (mobile.notQueued() > 0) {
                body.put("notQueued", mobile.notQueued());
            }
        }
        return HttpReply.json(nothing ? ErrorCode.CLUSTER_UNAVAILABLE.status() : 200, body);
    }
}
