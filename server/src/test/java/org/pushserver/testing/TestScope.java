package org.pushserver.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle every fixture extension shares. Registered with {@code @RegisterExtension} on a static field, the
 * fixture opens before the class's first test and closes after its last; on an instance field, it opens before each
 * test and closes after it. It closes even when a test or the opening failed (JUnit runs the after-callbacks
 * whatever happened), and a failure to open closes what was opened so far.
 */
abstract class TestScope implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private boolean perClass;

    /** Starts the fixture; may be called again after {@link #close}. */
    abstract void open() throws Exception;

    /** Stops whatever {@link #open} started, even partly; a second call does nothing. */
    abstract void close() throws Exception;

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        openOrClean();
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public final void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            openOrClean();
        }
    }

    @Override
    public final void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            close();
        }
    }

    private void openOrClean() throws Exception {
        try {
            open();
        } catch (Throwable t) {
            try {
                close();
            } catch (Throwable c) {
                t.addSuppressed(c);
            }
            throw t;
        }
    }
}
