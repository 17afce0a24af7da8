package org.pushserver.api;

import org.pushserver.http.HttpReply;

import io.netty.handler.codec.http.HttpMethod;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One HTTP path: the methods it accepts and how it answers. Throwing {@link ApiException} answers that error. */
public interface Route {

    /** Methods this path accepts; anything else is answered 405 with {@code Allow}. */
    Set<HttpMethod> methods();

    /** Answers {@code call}; may complete on another thread. */
    CompletableFuture<HttpReply> handle(HttpCall call);

    /** Whether the route publishes, and so needs an API key (or a loopback caller in protected mode). */
    default boolean publishes() {
        return false;
    }

    /** Whether the route reveals load ({@code /metrics}, {@code /health}), and so needs an ops key when OPS_KEYS is set. */
    default boolean operational() {
        return false;
    }
}
