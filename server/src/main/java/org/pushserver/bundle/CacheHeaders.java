package org.pushserver.bundle;

import java.util.Locale;

/** Reads the two request headers that decide how a bundle file is answered: If-None-Match and Accept-Encoding. */
final class CacheHeaders {
    private CacheHeaders() {
    }

    /**
     * Whether {@code ifNoneMatch} names the bundle of {@code version}: {@code *}, or one of its entity tags, strong or
     * weak ({@code "4.8.1"}, {@code W/"4.8.1"}), or bare ({@code 2.5.0}, as a Node 2.x server sent its ETag).
     */
    static boolean matches(String ifNoneMatch, String version) {
        if (ifNoneMatch == null || version.isEmpty()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals('"' + version + '"') || t.equals(version)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code acceptEncoding} accepts gzip: named (or {@code *}) with a quality above 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean wildcard = null;
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.split(";");
            String coding = fields[0].trim().toLowerCase(Locale.ROOT);
            boolean accepted = quality(fields) > 0;
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return accepted;
            }
            if (coding.equals("*")) {
                wildcard = accepted;
            }
        }
        return Boolean.TRUE.equals(wildcard);
    }

    private static double quality(String[] fields) {
        for (int i = 1; i < fields.length; i++) {
            String param = fields[i].trim();
            if (param.startsWith("q=")) {
                try {
                    return Double.parseDouble(param.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
