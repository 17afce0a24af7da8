package org.pushserver.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class RequestSignatureTest {
    private static final String KEY = "hmac-key-0123456789abcdef";
    private static final String OTHER = "hmac-key-fedcba9876543210";
    private static final byte[] BODY = "{\"tokens\":[\"u-1\"]}".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_790_000_000_000L;
    private static final String TS = Long.toString(NOW / 1000);

    private final RequestSignature signatures = new RequestSignature(new ApiKeys(List.of(KEY, OTHER)), Duration.ofMinutes(5));

    @Test
    void aSignatureWithAnyConfiguredKeyIsValidAndNamesThatKey() {
        RequestSignature.Result result = signatures.verify(TS, RequestSignature.sign(OTHER, TS, BODY), BODY, NOW);
        assertEquals(RequestSignature.Verdict.VALID, result.verdict());
        assertNotNull(result.keyId());
        assertEquals(64, result.signature().length());
        assertEquals(301, result.remember().toSeconds(), "remembered while its timestamp is accepted");
    }

    @Test
    void aSignatureOverAnotherBodyOrWithAnotherKeyIsWrong() {
        String signature = RequestSignature.sign(KEY, TS, BODY);
        assertEquals(RequestSignature.Verdict.WRONG, signatures.verify(TS, signature, "{}".getBytes(StandardCharsets.UTF_8), NOW).verdict());
        assertEquals(RequestSignature.Verdict.WRONG,
                signatures.verify(TS, RequestSignature.sign("not-a-configured-key-0000", TS, BODY), BODY, NOW).verdict());
    }

    @Test
    void aTimestampOutsideTheSkewIsStaleEvenWhenSignedWell() {
        String old = Long.toString(NOW / 1000 - 301);
        assertEquals(RequestSignature.Verdict.STALE, signatures.verify(old, RequestSignature.sign(KEY, old, BODY), BODY, NOW).verdict());
        String future = Long.toString(NOW / 1000 + 301);
        assertEquals(RequestSignature.Verdict.STALE, signatures.verify(future, RequestSignature.sign(KEY, future, BODY), BODY, NOW).verdict());
        String edge = Long.toString(NOW / 1000 - 300);
        assertEquals(RequestSignature.Verdict.VALID, signatures.verify(edge, RequestSignature.sign(KEY, edge, BODY), BODY, NOW).verdict());
    }

    @Test
    void malformedHeadersAreRefusedWithoutThrowing() {
        String good = RequestSignature.sign(KEY, TS, BODY);
        for (String[] headers : new String[][] {{null, good}, {"soon", good}, {TS, null}, {TS, "md5=abc"},
                {TS, "sha256=zz" + good.substring(9)}, {TS, good.substring(0, 40)}, {"1e9", good},
                {"-9223372036854775808", good}, {"9223372036854775807", good}}) {
            assertEquals(RequestSignature.Verdict.MALFORMED, signatures.verify(headers[0], headers[1], BODY, NOW).verdict(),
                    String.join(",", String.valueOf(headers[0]), String.valueOf(headers[1])));
        }
    }
}
