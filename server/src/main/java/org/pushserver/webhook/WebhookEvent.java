package org.pushserver.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event in a webhook body's {@code events} array.
 *
 * @param name       {@code token_online}, {@code token_offline} or {@code message_expired}
 * @param tokenId    the token it is about
 * @param timeMs     when the server decided it, ms since the epoch
 * @param messageId  {@code message_expired} only: the message that expired undelivered
 * @param entityType {@code message_expired} only: that message's entity type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEvent(String name, String tokenId, long timeMs, String messageId, String entityType) {
    public static final String TOKEN_ONLINE = "token_online";
    public static final String TOKEN_OFFLINE = "token_offline";
    public static final String MESSAGE_EXPIRED = "message_expired";

    /** The token's first socket anywhere. */
    public static WebhookEvent online(String tokenId, long timeMs) {
        return new WebhookEvent(TOKEN_ONLINE, tokenId, timeMs, null, null);
    }

    /** The token's last socket gone, and none back within the grace. */
    public static WebhookEvent offline(String tokenId, long timeMs) {
        return new WebhookEvent(TOKEN_OFFLINE, tokenId, timeMs, null, null);
    }

    /** Message {@code messageId}'s ttl passed while it still waited for {@code tokenId}. */
    public static WebhookEvent expired(String tokenId, long timeMs, String messageId, String entityType) {
        return new WebhookEvent(MESSAGE_EXPIRED, tokenId, timeMs, messageId, entityType);
    }
}
