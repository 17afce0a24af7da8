package org.pushserver.demo.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat's memory: each conversation (a pair of users) keeps its last {@code perConversation} messages, and at most
 * {@code conversations} conversations are kept, the one used least recently forgotten first, so the memory is bounded
 * whatever users and peers clients make up. Message ids grow by one across all conversations, so they order messages.
 * Thread-safe.
 */
public final class Conversations {
    /** One chat line. */
    public record Message(long id, String from, String to, String text, long timeMs) {
    }

    private final int perConversation;
    private final LinkedHashMap<String, Deque<Message>> byPair;
    private long lastId;

    public Conversations(int perConversation, int conversations) {
        this.perConversation = perConversation;
        this.byPair = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Message>> eldest) {
                return size() > conversations;
            }
        };
    }

    /** Records a line from {@code from} to {@code to}; returns it with its id. */
    public synchronized Message add(String from, String to, String text, long timeMs) {
        Message message = new Message(++lastId, from, to, text, timeMs);
        Deque<Message> lines = byPair.computeIfAbsent(pair(from, to), k -> new ArrayDeque<>());
        lines.addLast(message);
        if (lines.size() > perConversation) {
            lines.removeFirst();
        }
        return message;
    }

    /** The kept lines between {@code a} and {@code b}, oldest first. */
    public synchronized List<Message> between(String a, String b) {
        Deque<Message> lines = byPair.get(pair(a, b));
        return lines == null ? List.of() : new ArrayList<>(lines);
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + '\u0000' + b : b + '\u0000' + a;
    }
}
