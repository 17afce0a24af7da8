package org.pushserver.client;

import org.junit.jupiter.api.Test;
import org.pushserver.auth.RequestSignature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signatures are made by the server's own signer, so the SDK and the server agree on the scheme. */
class WebhookVerifierTest {
    private static final byte[] BODY = "{\"timeMs\":1,\"events\":[{\"name\":\"token_online\",\"tokenId\":\"u-17\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final long NOW_SECONDS = 1_790_000_000L;
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW_SECONDS), ZoneOffset.UTC);

    private WebhookVerifier verifier(String... secrets) {
        return WebhookVerifier.builder().secrets(List.of(secrets)).maxSkew(Duration.ofMinutes(5)).clock(clock).build();
    }

    private static String now(long offsetSeconds) {
        return Long.toString(NOW_SECONDS + offsetSeconds);
    }

    @Test
    void aRequestSignedWithTheSecretIsAccepted() throws Exception {
        String ts = now(-10);
        verifier("s3cret").verify(ts, RequestSignature.sign("s3cret", ts, BODY), BODY);
    }

    @Test
    void aTimestampInMillisecondsIsUnderstoodAndItsSkewChecked() {
        WebhookVerifier verifier = verifier("s3cret");
        String ms = Long.toString(NOW_SECONDS * 1000 - 10_000);
        assertTrue(verifier.isValid(ms, RequestSignature.sign("s3cret", ms, BODY), BODY));
        String staleMs = Long.toString((NOW_SECONDS - 301) * 1000);
        assertReason(WebhookVerificationException.Reason.STALE_TIMESTAMP,
                verifier, staleMs, RequestSignature.sign("s3cret", staleMs, BODY), BODY);
    }

    @Test
    void eitherSecretOfARotationIsAccepted() {
        WebhookVerifier verifier = verifier("new-secret", "old-secret");
        String ts = now(0);
        assertTrue(verifier.isValid(ts, RequestSignature.sign("old-secret", ts, BODY), BODY));
        assertTrue(verifier.isValid(ts, RequestSignature.sign("new-secret", ts, BODY), BODY));
    }

    @Test
    void aWrongSignatureIsRefused() {
        String ts = now(0);
        assertReason(WebhookVerificationException.Reason.WRONG_SIGNATURE,
                verifier("s3cret"), ts, RequestSignature.sign("other", ts, BODY), BODY);
    }

    @Test
    void anAlteredBodyIsRefused() {
        String ts = now(0);
        byte[] altered = new String(BODY, StandardCharsets.UTF_8).replace("u-17", "u-18")
                .getBytes(StandardCharsets.UTF_8);
        assertReason(WebhookVerificationException.Reason.WRONG_SIGNATURE,
                verifier("s3cret"), ts, RequestSignature.sign("s3cret", ts, BODY), altered);
    }

    @Test
    void aStaleTimestampIsRefusedEvenWithAGoodSignature() {
        String old = now(-301);
        String future = now(301);
        WebhookVerifier verifier = verifier("s3cret");
        assertReason(WebhookVerificationException.Reason.STALE_TIMESTAMP,
                verifier, old, RequestSignature.sign("s3cret", old, BODY), BODY);
        assertReason(WebhookVerificationException.Reason.STALE_TIMESTAMP,
                verifier, future, RequestSignature.sign("s3cret", future, BODY), BODY);
    }

    @Test
    void aReplayOfAnAcceptedRequestIsRefused() throws Exception {
        WebhookVerifier verifier = verifier("s3cret");
        String ts = now(0);
        String signature = RequestSignature.sign("s3cret", ts, BODY);
        verifier.verify(ts, signature, BODY);
        assertReason(WebhookVerificationException.Reason.REPLAYED, verifier, ts, signature, BODY);
        assertReason(WebhookVerificationException.Reason.REPLAYED, verifier, ts, signature.toUpperCase()
                .replace("SHA256=", "sha256="), BODY);
    }

    @Test
    void aReplayIsForgottenOnlyOnceItsTimestampIsStale() throws Exception {
        long[] nowMillis = {NOW_SECONDS * 1000};
        Clock moving = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(nowMillis[0]); }
        };
        WebhookVerifier verifier = WebhookVerifier.builder().secrets(List.of("s3cret")).maxSkew(Duration.ofSeconds(60))
                .maxRemembered(1).clock(moving).build();
        String first = now(0);
        verifier.verify(first, RequestSignature.sign("s3cret", first, BODY), BODY);
        nowMillis[0] += 61_000;
        assertReason(WebhookVerificationException.Reason.STALE_TIMESTAMP,
                verifier, first, RequestSignature.sign("s3cret", first, BODY), BODY);
        String second = now(61);
        verifier.verify(second, RequestSignature.sign("s3cret", second, BODY), BODY); // memory of 1: the first left
        assertReason(WebhookVerificationException.Reason.REPLAYED,
                verifier, second, RequestSignature.sign("s3cret", second, BODY), BODY);
    }

    @Test
    void malformedHeadersAreRefusedAsMalformed() {
        WebhookVerifier verifier = verifier("s3cret");
        String ts = now(0);
        String good = RequestSignature.sign("s3cret", ts, BODY);
        assertReason(WebhookVerificationException.Reason.MALFORMED, verifier, null, good, BODY);
        assertReason(WebhookVerificationException.Reason.MALFORMED, verifier, "soon", good, BODY);
        assertReason(WebhookVerificationException.Reason.MALFORMED, verifier, ts, null, BODY);
        assertReason(WebhookVerificationException.Reason.MALFORMED, verifier, ts, good.substring(7), BODY);
        assertReason(WebhookVerificationException.Reason.MALFORMED, verifier, ts, "sha256=" + "zz".repeat(32), BODY);
        assertFalse(verifier.isValid(ts, "sha256=", BODY));
    }

    @Test
    void aBuilderWithoutSecretsIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookVerifier.builder().secrets(List.of()).build());
        assertTrue(e.getMessage().startsWith("secrets"), e.getMessage());
    }

    private static void assertReason(WebhookVerificationException.Reason reason, WebhookVerifier verifier,
                                     String timestamp, String signature, byte[] body) {
        WebhookVerificationException e = assertThrows(WebhookVerificationException.class,
                () -> verifier.verify(timestamp, signature, body));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
