package org.pushserver.idempotency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * First answers on one node: at most IDEMPOTENCY_MAX_KEYS keys and {@code maxBytes} of answers, the oldest
 * forgotten first, each for IDEMPOTENCY_WINDOW_MS. A request that finds its key still running waits on that request's answer, up to
 * {@code waitBound}.
 */
public final class InMemoryFirstAnswers implements FirstAnswers {
    private final Duration window;
    private final Duration waitBound;
    private final LongSupplier clock;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> keys;
    private long bytes;

    private record Entry(String fingerprint, CompletableFuture<Answer> answer, long expiresAt) {
    }

    public InMemoryFirstAnswers(Duration window, int maxKeys, long maxBytes, Duration waitBound) {
        this(window, maxKeys, maxBytes, waitBound, System::currentTimeMillis);
    }

    InMemoryFirstAnswers(Duration window, int maxKeys, long maxBytes, Duration waitBound, LongSupplier clock) {
        this.window = window;
        this.waitBound = waitBound;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.keys = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > maxKeys) {
                    released(eldest.getKey(), eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    private static long size(String key, Entry e) {
        Answer a = e.answer().getNow(null);
        return 2L * (key.length() + e.fingerprint().length() + (a == null ? 0 : a.body().length())) + 96;
    }

    private void released(String key, Entry e) {
        bytes -= size(key, e);
    }

    @Override
    public CompletableFuture<Claim> claim(String key, String fingerprint) {
        long now = clock.getAsLong();
        Entry found;
        synchronized (keys) {
            found = keys.get(key);
            if (found == null || found.expiresAt() <= now) {
                if (found != null) {
                    released(key, keys.remove(key));
                }
                Entry fresh = new Entry(fingerprint, new CompletableFuture<>(), now + window.toMillis());
                bytes += size(key, fresh);
                keys.put(key, fresh);
                return CompletableFuture.completedFuture(Claim.FIRST);
            }
        }
        if (!found.fingerprint().equals(fingerprint)) {
            return CompletableFuture.completedFuture(Claim.CONFLICT);
        }
        return found.answer().copy().orTimeout(waitBound.toMillis(), TimeUnit.MILLISECONDS).handle((answer, e) -> {
            if (e != null) {
                return CompletableFuture.completedFuture(Claim.IN_PROGRESS);
            }
            return answer != null ? CompletableFuture.completedFuture(Claim.replay(answer)) : claim(key, fingerprint);
        }).thenCompose(c -> c);
    }

    @Override
    public void remember(String key, String fingerprint, Answer answer) {
        Entry e;
        synchronized (keys) {
            e = keys.get(key);
            if (e == null || !e.fingerprint().equals(fingerprint) || e.answer().isDone()) {
                return;
            }
            released(key, e);
            e.answer().complete(answer);
            bytes += size(key, e);
            // the oldest go first while answers hold more than their share of memory
            var oldest = keys.entrySet().iterator();
            while (bytes > maxBytes && oldest.hasNext()) {
                var next = oldest.next();
                if (next.getValue() != e) {
                    released(next.getKey(), next.getValue());
                    oldest.remove();
                }
            }
        }
    }

    @Override
    public void forget(String key, String fingerprint) {
        Entry e;
        synchronized (keys) {
            e = keys.get(key);
            if (e != null && e.fingerprint().equals(fingerprint) && !e.answer().isDone()) {
                released(key, keys.remove(key));
            } else {
                e = null;
            }
        }
        if (e != null) {
            e.answer().complete(null); // waiters claim again: one of them runs the request
        }
    }
}
