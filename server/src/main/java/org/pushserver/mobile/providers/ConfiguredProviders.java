package org.pushserver.mobile.providers;

import org.pushserver.config.mobile.MobileConfig;
import org.pushserver.mobile.MobileProvider;
import org.pushserver.mobile.Platform;
import org.pushserver.mobile.apns.ApnsProvider;
import org.pushserver.mobile.fcm.FcmProvider;
import org.pushserver.mobile.webpush.WebPushProvider;

import java.util.EnumMap;
import java.util.Map;

/**
 * The providers the configuration turns on. Apart from {@code mobile/} itself, which the providers depend on, so
 * that the core never depends on them.
 */
public final class ConfiguredProviders {
    private ConfiguredProviders() {
    }

    /**
     * Each provider is off unless its section is set; one that cannot load its keys or files stops start-up naming
     * the key.
     */
    public static Map<Platform, MobileProvider> of(MobileConfig mobile) {
        Map<Platform, MobileProvider> out = new EnumMap<>(Platform.class);
        if (mobile.apns().enabled()) {
            out.put(Platform.APNS, new ApnsProvider(mobile.apns()));
        }
        if (mobile.fcm().enabled()) {
            out.put(Platform.FCM, new FcmProvider(mobile.fcm()));
        }
        if (mobile.webPush().enabled()) {
            out.put(Platform.WEBPUSH, new WebPushProvider(mobile.webPush()));
        }
        return out;
    }
}
