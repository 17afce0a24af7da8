package org.pushserver.mobile;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WEBPUSH_ALLOWED_HOSTS: which endpoints the server may post to, and the tricks that must not get through. */
class EndpointPolicyTest {
    private final EndpointPolicy policy = new EndpointPolicy(List.of("fcm.googleapis.com", "*.push.apple.com",
            "*.notify.windows.com", "127.0.0.1", "::1", "localhost"));

    @Test
    void anExactHostIsAllowedOverHttpsOnAnyPort() {
        assertAllowed("https://fcm.googleapis.com/fcm/send/abc");
        assertAllowed("https://fcm.googleapis.com:443/fcm/send/abc");
        assertAllowed("https://fcm.googleapis.com:8443/fcm/send/abc?x=1");
    }

    @Test
    void aWildcardAllowsSubdomainsButNotTheSuffixItselfNorLookAlikes() {
        assertAllowed("https://web.push.apple.com/QO3x");
        assertAllowed("https://a.b.push.apple.com/QO3x");
        assertRefused("https://push.apple.com/QO3x");
        assertRefused("https://evilpush.apple.com/QO3x");
        assertRefused("https://push.apple.com.evil.example/QO3x");
        assertRefused("https://wns2-par02p.notify.windows.com.evil.example/w/");
    }

    @Test
    void hostsCompareWithoutCase() {
        assertAllowed("https://FCM.GoogleAPIs.com/fcm/send/abc");
        assertAllowed("HTTPS://Web.Push.Apple.COM/x");
        assertTrue(new EndpointPolicy(List.of("FCM.googleapis.com")).allows(URI.create("https://fcm.googleapis.com/x")));
    }

    @Test
    void userInfoCannotDisguiseAnotherHost() {
        assertRefused("https://fcm.googleapis.com@evil.example/fcm/send/abc");
        assertRefused("https://fcm.googleapis.com:443@evil.example/");
        assertRefused("https://user@fcm.googleapis.com/fcm/send/abc"); // harmless, but no push service needs it
    }

    @Test
    void otherHostsAndLookAlikeFormsAreRefused() {
        assertRefused("https://evil.example/fcm/send/abc");
        assertRefused("https://fcm.googleapis.com./fcm/send/abc");
        assertRefused("https://fcm.googleapis.com.evil.example/");
        assertRefused("https://fcm_googleapis.com/"); // no server-based authority
        assertRefused("https:///fcm/send");
        assertRefused("/fcm/send/abc");
        assertRefused("mailto:ops@fcm.googleapis.com");
    }

    @Test
    void ipLiteralsPassOnlyWhenListedLiterally() {
        assertAllowed("https://127.0.0.1:8443/push");
        assertAllowed("https://[::1]:8443/push");
        assertRefused("https://127.0.0.2/push");
        assertRefused("https://2130706433/push"); // 127.0.0.1 as one number
        assertRefused("https://169.254.169.254/latest/meta-data/");
        assertRefused("https://[::ffff:127.0.0.1]/push");
        assertFalse(new EndpointPolicy(List.of("*.0.0.1")).allows(URI.create("https://127.0.0.1/")));
    }

    @Test
    void plainHttpOnlyForAListedLoopbackHost() {
        assertAllowed("http://127.0.0.1:9000/push/1");
        assertAllowed("http://[::1]:9000/push/1");
        assertAllowed("http://localhost:9000/push/1");
        assertRefused("http://fcm.googleapis.com/fcm/send/abc");
        assertRefused("http://web.push.apple.com/x");
        assertFalse(new EndpointPolicy(List.of("fcm.googleapis.com")).allows(URI.create("http://127.0.0.1:9000/push")));
        assertRefused("ftp://fcm.googleapis.com/x");
        assertRefused("ws://127.0.0.1:9000/x");
    }

    @Test
    void aRefusalSaysWhy() {
        assertTrue(policy.refusal(URI.create("https://evil.example/")).orElseThrow().contains("WEBPUSH_ALLOWED_HOSTS"));
        assertTrue(policy.refusal(URI.create("http://fcm.googleapis.com/")).orElseThrow().contains("https"));
        assertTrue(policy.refusal(URI.create("https://fcm.googleapis.com/")).isEmpty());
    }

    private void assertAllowed(String endpoint) {
        assertTrue(policy.allows(URI.create(endpoint)), endpoint + ": " + policy.refusal(URI.create(endpoint)));
    }

    private void assertRefused(String endpoint) {
        assertFalse(policy.allows(URI.create(endpoint)), endpoint + " was allowed");
    }
}
