package org.pushserver.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A token's registered phones and browsers ({@code GET /api/devices?token=}). */
public final class Devices {
    /** One device: its platform and its address there; every other field the server sends is in {@link #raw()}. */
    public static final class Device {
        private final String platform;
        private final String deviceToken;
        private final JsonNode subscription;
        private final JsonNode raw;

        private Device(JsonNode raw) {
            this.platform = Answers.text(raw, "platform");
            this.deviceToken = Answers.text(raw, "deviceToken");
            this.subscription = raw.get("subscription");
            this.raw = raw;
        }

        /** {@code apns}, {@code fcm} or {@code webpush}. */
        public String platform() {
            return platform;
        }

        /** The APNs or FCM device token, null for web push. */
        public String deviceToken() {
            return deviceToken;
        }

        /** The web push subscription ({@code endpoint}, {@code keys}), null for APNs and FCM. */
        public JsonNode subscription() {
            return subscription;
        }

        /** The device as the server sent it. */
        public JsonNode raw() {
            return raw;
        }
    }

    private final String tokenId;
    private final List<Device> devices;

    private Devices(JsonNode raw) {
        this.tokenId = Answers.text(raw, "tokenId");
        this.devices = Answers.list(raw, "devices", Device::new);
    }

    static Devices of(JsonNode raw) {
        return new Devices(raw);
    }

    /** The token asked about. */
    public String tokenId() {
        return tokenId;
    }

    /** Its devices, oldest first as the server keeps them. */
    public List<Device> devices() {
        return devices;
    }
}
