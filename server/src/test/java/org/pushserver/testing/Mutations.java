package org.pushserver.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded source of bad input for the batteries: random bytes, mutations of valid bodies (truncation, byte flips,
 * spliced garbage, invalid UTF-8) and random or hostile JSON (deep nesting, huge numbers, long strings). The seed is
 * {@code -Dbattery.seed=} when set, else random; each battery prints it, so a failure can be replayed exactly.
 */
public final class Mutations {
    private static final List<String> HOSTILE_JSON = List.of("null", "true", "false", "0", "-0", "1e999999", "-1e-999999",
            "1" + "0".repeat(1200), "123456789012345678901234567890", "1.5", "NaN", "Infinity", "\"\"", "\" \"",
            "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[[]]", "{\"\":{}}", "\"" + "x".repeat(5000) + "\"", "{\"tokenId\":null}");
    private static final byte[][] INVALID_UTF8 = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {0}};

    private final long seed;
    private final SplittableRandom random;

    public Mutations(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Seeded from {@code -Dbattery.seed} when given, else from the clock. */
    public static Mutations fromSystemProperty() {
        return new Mutations(Long.getLong("battery.seed", System.nanoTime()));
    }

    public long seed() {
        return seed;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    @SafeVarargs
    public final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    public <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** {@code length} random bytes. */
    public byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** Random printable or control ASCII text, up to {@code max} chars. */
    public String text(int max) {
        char[] chars = new char[random.nextInt(max + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (chance(90) ? 32 + random.nextInt(95) : random.nextInt(32));
        }
        return new String(chars);
    }

    /** A JSON value that is valid but hostile or mistyped: nulls, huge numbers, long strings, deep nesting. */
    public String hostileJson() {
        return switch (random.nextInt(4)) {
            case 0 -> nested(1 + random.nextInt(3000));
            case 1 -> randomJson(3);
            default -> pick(HOSTILE_JSON);
        };
    }

    /** {@code depth} nested arrays or objects around a scalar. */
    public String nested(int depth) {
        boolean arrays = chance(50);
        return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
    }

    /** A random, well-formed JSON value up to {@code depth} levels deep. */
    public String randomJson(int depth) {
        int kind = depth <= 0 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> chance(50) ? "null" : String.valueOf(chance(50));
            case 2 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 3 -> quoted(text(20));
            case 4 -> "[" + String.join(",", items(depth)) + "]";
            default -> "{" + String.join(",", items(depth).stream().map(v -> quoted(text(8)) + ":" + v).toList()) + "}";
        };
    }

    private List<String> items(int depth) {
        return Arrays.asList(new String[random.nextInt(4)]).stream().map(x -> randomJson(depth - 1)).toList();
    }

    /** {@code text} as a JSON string literal. */
    public static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 32) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** One random damage to {@code valid}: truncation, byte flips, spliced garbage or invalid UTF-8, a cut or a copy. */
    public byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        int n = b.length;
        switch (random.nextInt(7)) {
            case 0 -> b = Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n)); // truncation
            case 1 -> {
                for (int i = 0, flips = 1 + random.nextInt(4); i < flips && n > 0; i++) {
                    b[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> b = splice(b, bytes(1 + random.nextInt(16)));
            case 3 -> b = splice(b, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
            case 4 -> b = splice(b, pick("\"", "{", "}", "[", "]", ",", ":", "\\", "\\u12").getBytes(StandardCharsets.UTF_8));
            case 5 -> { // cut a slice out
                int from = n == 0 ? 0 : random.nextInt(n);
                int to = from + random.nextInt(n - from + 1);
                byte[] cut = new byte[n - (to - from)];
                System.arraycopy(b, 0, cut, 0, from);
                System.arraycopy(b, to, cut, from, n - to);
                b = cut;
            }
            default -> { // duplicate a slice
                int from = n == 0 ? 0 : random.nextInt(n);
                b = splice(b, Arrays.copyOfRange(b, from, from + random.nextInt(n - from + 1)));
            }
        }
        return b;
    }

    /** {@code insert} put at a random place in {@code b}. */
    private byte[] splice(byte[] b, byte[] insert) {
        int at = random.nextInt(b.length + 1);
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }
}
