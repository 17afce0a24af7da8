package org.pushserver.testing;

import java.util.function.Consumer;
import java.util.function.Supplier;

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
    private final Supplier<T> make;
    private final Consumer<T> close;
    private T resource;

    private ResourceExtension(Supplier<T> make, Consumer<T> close) {
        this.make = make;
        this.close = close;
    }

    /** A resource closed with its own {@code close()}. */
    public static <T extends AutoCloseable> ResourceExtension<T> of(Supplier<T> make) {
        return new ResourceExtension<>(make, r -> {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + r, e);
            }
        });
    }

    /** A resource that needs no closing (files under a {@code @TempDir}, say). */
    public static <T> ResourceExtension<T> made(Supplier<T> make) {
        return new ResourceExtension<>(make, r -> { });
    }

    @Override
    void open() {
        resource = make.get();
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
