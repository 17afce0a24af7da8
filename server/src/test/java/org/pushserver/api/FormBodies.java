package org.pushserver.api;

import org.pushserver.testing.Mutations;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Form-encoded bodies for the battery, as {@link PushRequestParser} reads them ({@code tokens=a&tokens[]=b&tokens[0]=c},
 * a JSON array as a value, {@code data[key]=value}): well-formed ones with hostile values, and broken encodings
 * (a lone {@code %}, {@code %zz}, {@code %u1234}, half a UTF-8 sequence, keys cut short).
 */
final class FormBodies {
    private static final List<String> KEYS = List.of("tokens", "tokens[]", "tokens[0]", "tokens[", "tokens]", "entityType",
            "data", "data[k]", "data[]", "data[", "data[a][b]", "data]", "", "=", "x");
    private static final List<String> BROKEN = List.of("%", "%z", "%zz", "%u1234", "%C3", "%ff%fe", "%%", "%2", "+%", "&&", "==",
            "%00", "%E2%82", "%ED%A0%80", ";", "\u00e9");

    private FormBodies() {
    }

    static String next(Mutations m) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0, n = m.nextInt(6); i < n; i++) {
            String key = m.pick(KEYS);
            String value = m.chance(50) ? m.hostileJson() : m.chance(50) ? "t" + m.nextInt(100) : m.text(20);
            String pair = encode(key) + (m.chance(90) ? "=" : "") + encode(value);
            if (m.chance(25)) { // break the encoding somewhere in the pair
                int at = m.nextInt(pair.length() + 1);
                pair = pair.substring(0, at) + m.pick(BROKEN) + pair.substring(at);
            }
            pairs.add(pair);
        }
        return String.join(m.pick("&", "&", "&", ";", "&&"), pairs);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
