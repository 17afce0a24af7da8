package org.pushserver.config.check;

import java.net.URI;

/** Checks of URL-valued settings; each failure names the key. */
public final class Urls {
    private Urls() {
    }

    /** {@code url} must be absolute http or https with a host. */
    public static void httpUrl(String key, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new InvalidConfigException(key + ": expected an http:// or https:// URL with a host, got '" + url + "'");
        }
    }
}
