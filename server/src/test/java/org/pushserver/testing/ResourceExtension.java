package org.pushserver.testing;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A JUnit 5 extension for something a fixture needs made first (a webhook backend, a certificate): made before the
 * class (static field) or each test (instance field), closed after, even when a test failed. Give the extensions an
 * {@code @Order} so this one opens before the server that reads it (and closes after it):
 * <pre>{@code
 * @RegisterExtension @Order(1)
 * static final ResourceExtension<WebhookBackend> backend = ResourceExtension.of(() -> WebhookBackend.start(…));
 * @RegisterExtension @Order(2)
 * static final ServerExtension server = ServerExtension.withArgs(() -> new String[] {"--login-webhook-url", backend.get().url()});
 * }</pre>
 */
public final class ResourceExtension<T> extends TestScope {
    private final Callable<T> make;
    private final Consumer<T> close;
    private T resource;

    private ResourceExtension(Callable<T> make, Consumer<T> close) {
        this.make = make;
        this.close = close;
    }

    /** A resource closed with its own {@code close()}. */
    public static <T extends AutoCloseable> ResourceExtension<T> of(Callable<T> make) {
        return new ResourceExtension<>(make, r -> {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + r, e);
            }
        });
    }

    /** A resource that needs no closing (files under a {@code @TempDir}, say). */
    public static <T> ResourceExtension<T> made(Callable<T> make) {
        return new ResourceExtension<>(make, r -> { });
    }

    @Override
    void open() throws Exception {
        resource = make.call();
    }

    @Override
    void close() {
        if (resource != null) {
            T r = resource;
            resource = null;
            close.accept(r);
        }
    }

    /** The resource; fails outside a test's scope. */
    public T get() {
        if (resource == null) {
            throw new IllegalStateException("not made: outside a test's scope, or ordered after its user?");
        }
        return resource;
    }
}
