package org.pushserver.history;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * A message id, {@code <epoch>-<seq>}: {@code seq} grows by one per message of the store, so ids are ordered per
 * token; {@code epoch} names the store's incarnation (a node's start, or a Redis history that was lost), so an id
 * from a lost history is told apart from one that is merely old. Opaque to clients.
 *
 * @param epoch the store incarnation, letters and digits
 * @param seq   position in that incarnation, from 1
 */
public record MessageId(String epoch, long seq) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LENGTH = 64;

    @Override
    public String toString() {
        return epoch + "-" + seq;
    }

    /** A fresh epoch: 10 random base-36 characters. */
    public static String newEpoch() {
        StringBuilder out = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            out.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return out.toString();
    }

    /** The id {@code text} names, or empty when it is not an id this server gives. */
    public static Optional<MessageId> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dash = text.lastIndexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            return Optional.empty();
        }
        String epoch = text.substring(0, dash);
        if (!epoch.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return Optional.empty();
        }
        try {
            long seq = Long.parseLong(text.substring(dash + 1));
            return seq > 0 ? Optional.of(new MessageId(epoch, seq)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
