package org.pushserver.demo.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationsTest {
    @Test
    void bothUsersSeeOneConversationOldestFirstWithGrowingIds() {
        Conversations c = new Conversations(10, 10);
        c.add("a", "b", "1", 1);
        c.add("b", "a", "2", 2);
        c.add("a", "c", "other", 3);
        assertEquals(List.of("1", "2"), c.between("a", "b").stream().map(Conversations.Message::text).toList());
        assertEquals(c.between("a", "b"), c.between("b", "a"));
        assertEquals(List.of(1L, 2L), c.between("b", "a").stream().map(Conversations.Message::id).toList());
    }

    @Test
    void aConversationKeepsItsLastLinesOnly() {
        Conversations c = new Conversations(3, 10);
        for (int i = 1; i <= 5; i++) {
            c.add("a", "b", Integer.toString(i), i);
        }
        assertEquals(List.of("3", "4", "5"), c.between("a", "b").stream().map(Conversations.Message::text).toList());
    }

    @Test
    void theConversationUsedLeastRecentlyIsForgottenBeyondTheBound() {
        Conversations c = new Conversations(10, 2);
        c.add("a", "b", "ab", 1);
        c.add("a", "c", "ac", 2);
        c.between("a", "b"); // used: now a-c is the least recent
        c.add("a", "d", "ad", 3);
        assertEquals(1, c.between("a", "b").size());
        assertEquals(List.of(), c.between("a", "c"));
        assertEquals(1, c.between("a", "d").size());
    }
}
