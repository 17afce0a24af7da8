package org.pushserver.api.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import org.pushserver.api.ApiException;
import org.pushserver.api.HttpCall;
import org.pushserver.api.PushRequestParser;
import org.pushserver.api.Route;
import org.pushserver.delivery.Token;
import org.pushserver.http.ErrorCode;
import org.pushserver.http.HttpReply;
import org.pushserver.mobile.Device;
import org.pushserver.mobile.DeviceJson;
import org.pushserver.mobile.DeviceParser;
import org.pushserver.mobile.DeviceRegistry;
import org.pushserver.mobile.InvalidDeviceException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /api/devices}: a backend registers ({@code POST}) or removes ({@code DELETE}) a device of a token, with
 * {@code {"tokenId", "platform", "deviceToken"}} (webpush: {@code "subscription"} instead), and lists a token's
 * devices ({@code GET ?token=}). Publishers' auth applies: devices are where a user's notifications go.
 */
public final class DeviceRoute implements Route {
    private final PushRequestParser parser;
    private final DeviceParser devices;
    private final DeviceRegistry registry;

    public DeviceRoute(PushRequestParser parser, DeviceParser devices, DeviceRegistry registry) {
        this.parser = parser;
        this.devices = devices;
        this.registry = registry;
    }

    @Override
    public Set<HttpMethod> methods() {
        return Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE);
    }

    @Override
    public boolean publishes() {
        return true;
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        if (call.method().equals(HttpMethod.GET)) {
            List<String> token = call.query().getOrDefault("token", List.of());
            String tokenId = tokenId(token.isEmpty() ? null : token.get(0), "token");
            return registry.devices(tokenId).thenApply(all -> HttpReply.json(200, Map.of("tokenId", tokenId,
                    "devices", all.stream().map(DeviceJson::shown).toList())));
        }
        ObjectNode body = parser.object(call);
        JsonNode t = body.get("tokenId");
        String tokenId = tokenId(t == null ? null : t.isTextual() ? t.textValue() : t.isIntegralNumber() ? t.numberValue() : "", "tokenId");
        try {
            if (call.method().equals(HttpMethod.DELETE)) {
                return registry.unregister(tokenId, devices.address(body))
                        .thenApply(removed -> HttpReply.json(200, Map.of("tokenId", tokenId, "removed", removed)));
            }
            Device device = devices.device(tokenId, body);
            return registry.register(device).thenApply(done -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("tokenId", tokenId);
                answer.put("device", DeviceJson.shown(device));
                return HttpReply.json(200, answer);
            });
        } catch (InvalidDeviceException e) {
            throw new ApiException(e.notConfigured() ? ErrorCode.PLATFORM_NOT_CONFIGURED : ErrorCode.INVALID_FIELD, e.getMessage());
        }
    }

    private static String tokenId(Object value, String field) {
        return Token.normalize(value).orElseThrow(() -> new ApiException(ErrorCode.INVALID_FIELD, field
                + ": required, a non-empty string or an integer of at most " + Token.MAX_LENGTH + " characters"));
    }
}
