package org.pushserver.config;

import org.pushserver.config.check.InvalidConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of keys given inline ({@code API_KEYS=k1,k2}) or as a file ({@code API_KEYS_FILE}: one key per line, blank
 * lines and {@code #} comments ignored). A file is read at start-up and again on every SIGHUP, so rotating a key is
 * editing the file; an inline value cannot change while the process runs. Both set is an error: which one wins would
 * be a guess, and a rotation through the file would silently not apply.
 */
public final class KeyList {
    private KeyList() {
    }

    /** The keys of {@code inline} (comma-separated) or of the file {@code file} names; empty when neither is set. */
    public static List<String> resolve(Setting inlineKey, String inline, Setting fileKey, String file) {
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw new InvalidConfigException(inlineKey.name() + " (" + inlineKey.flag() + ") and " + fileKey.name() + " ("
                    + fileKey.flag() + ") are both set: give the keys in one place, the file if they are to be rotated with SIGHUP");
        }
        if (file.isEmpty()) {
            return Arrays.stream(inline.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }
        return read(fileKey, Path.of(file));
    }

    private static List<String> read(Setting fileKey, Path file) {
        String name = fileKey.name() + " (" + fileKey.flag() + ")";
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) { // RuntimeException: a file that is not UTF-8
            throw new InvalidConfigException(name + ": cannot read " + file + ": " + e);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String key = lines.get(i).strip();
            if (key.isEmpty() || key.startsWith("#")) {
                continue;
            }
            if (key.length() < AuthConfig.MIN_KEY_LENGTH) {
                throw new InvalidConfigException(name + ": line " + (i + 1) + " of " + file + ": a key needs at least "
                        + AuthConfig.MIN_KEY_LENGTH + " characters");
            }
            keys.add(key);
        }
        if (keys.isEmpty()) { // an emptied file must not open the routes it guards
            throw new InvalidConfigException(name + ": no key in " + file + " (one key per line; blank lines and # comments are ignored)");
        }
        return keys;
    }
}
