package org.pushserver.config.mobile;

import org.pushserver.config.check.Check;
import org.pushserver.config.check.InvalidConfigException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * APNs with token (.p8) authentication; on when {@code APNS_KEY_FILE} is set.
 *
 * @param keyFile       {@code APNS_KEY_FILE}: the .p8 signing key, or null
 * @param keyId         {@code APNS_KEY_ID}
 * @param teamId        {@code APNS_TEAM_ID}
 * @param topic         {@code APNS_TOPIC}: the app's bundle id
 * @param sandbox       {@code APNS_SANDBOX}: Apple's development server
 * @param server        {@code APNS_SERVER}: {@code host:port} instead of Apple's, or empty
 * @param trustCertFile {@code APNS_TRUST_CERT_FILE}: a PEM CA to trust for {@code server}, or null
 */
public record ApnsConfig(Path keyFile, String keyId, String teamId, String topic, boolean sandbox, String server,
                         Path trustCertFile) {
    public ApnsConfig {
        if (keyFile != null) {
            readable("APNS_KEY_FILE", keyFile);
            Check.notBlank("APNS_KEY_ID", keyId);
            Check.notBlank("APNS_TEAM_ID", teamId);
            Check.notBlank("APNS_TOPIC", topic);
        }
        if (server != null && !server.isEmpty() && !server.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new InvalidConfigException("APNS_SERVER (--apns-server): expected host:port, got '" + server + "'");
        }
        if (trustCertFile != null) {
            readable("APNS_TRUST_CERT_FILE", trustCertFile);
        }
    }

    static void readable(String key, Path file) {
        if (!Files.isReadable(file)) {
            throw new InvalidConfigException(key + ": cannot read " + file);
        }
    }

    /** True when APNs is configured. */
    public boolean enabled() {
        return keyFile != null;
    }

    /** The host of {@code APNS_SERVER}, or null for Apple's. */
    public String serverHost() {
        return server == null || server.isEmpty() ? null : server.substring(0, server.lastIndexOf(':'));
    }

    /** The port of {@code APNS_SERVER}, or 0 for Apple's. */
    public int serverPort() {
        return server == null || server.isEmpty() ? 0 : Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }
}
