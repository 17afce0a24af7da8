package org.pushserver.config;

import org.pushserver.config.check.InvalidConfigException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where Redis is and how it is deployed, read from {@code REDIS_URL}:
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} (TLS): one server;</li>
 *   <li>{@code redis-cluster://[user:password@]host:port,host:port}, {@code rediss-cluster://…}: Redis Cluster, any
 *       of its nodes (the others are discovered);</li>
 *   <li>{@code redis-sentinel://[user:password@]host:port,host:port/masterName}, {@code rediss-sentinel://…}:
 *       the Sentinels watching the master named last.</li>
 * </ul>
 * The older spellings {@code cluster://}, {@code sentinel://} and a comma-separated list of {@code redis://} addresses
 * (a Redis Cluster) are still read. Hosts may be IPv6 in brackets; the port defaults to 6379 (26379 for Sentinels).
 *
 * @param topology   one server, a Cluster, or a master found through Sentinels
 * @param tls        {@code rediss}: TLS to every address
 * @param hosts      {@code host:port} of the server, of the Cluster's seed nodes, or of the Sentinels
 * @param username   ACL user, or null
 * @param password   password, or null (never logged: {@link #toString} leaves it out)
 * @param database   database number of a single server or Sentinel master (Redis Cluster has only 0)
 * @param masterName the Sentinel master's name, or null
 */
public record RedisAddress(Topology topology, boolean tls, List<String> hosts, String username, String password,
                           int database, String masterName) {
    private static final String KEY = "REDIS_URL (--redis-url): ";

    /** How the Redis servers are deployed. */
    public enum Topology { SINGLE, CLUSTER, SENTINEL }

    public RedisAddress {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new InvalidConfigException(KEY + "no host:port");
        }
        if (topology == Topology.SENTINEL && (masterName == null || masterName.isBlank())) {
            throw new InvalidConfigException(KEY + "redis-sentinel://host:port,host:port/masterName needs the master's name");
        }
        if (topology == Topology.CLUSTER && database != 0) {
            throw new InvalidConfigException(KEY + "Redis Cluster has database 0 only, got /" + database);
        }
    }

    /** Parses a URL; an unusable one fails with a message naming {@code REDIS_URL} (without its password). */
    public static RedisAddress parse(String url) {
        String trimmed = url.trim();
        int sep = trimmed.indexOf("://");
        if (sep < 0) {
            throw new InvalidConfigException(KEY + "expected redis://host:port, rediss://, redis-cluster:// or redis-sentinel://");
        }
        String scheme = trimmed.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = trimmed.substring(sep + 3);
        boolean tls = scheme.startsWith("rediss") || rest.toLowerCase(Locale.ROOT).contains(",rediss://");
        rest = rest.replaceAll("(?i),\\s*rediss?://", ","); // the older comma list repeats the scheme per address
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        Topology topology = switch (scheme) {
            case "redis", "rediss" -> rest.contains(",") ? Topology.CLUSTER : Topology.SINGLE;
            case "redis-cluster", "rediss-cluster", "cluster" -> Topology.CLUSTER;
            case "redis-sentinel", "rediss-sentinel", "sentinel" -> Topology.SENTINEL;
            default -> throw new InvalidConfigException(KEY + "unknown scheme '" + scheme
                    + "://': expected redis://, rediss://, redis-cluster:// or redis-sentinel://");
        };
        int defaultPort = topology == Topology.SENTINEL ? 26379 : 6379;
        List<String> hosts = new ArrayList<>();
        for (String part : rest.split(",", -1)) {
            String hp = part.trim();
            if (!hp.isEmpty()) {
                hosts.add(hostPort(hp, defaultPort));
            }
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = colon >= 0 ? decode(userInfo.substring(0, colon)) : null;
            password = decode(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
            user = user == null || user.isEmpty() ? null : user;
            password = password.isEmpty() ? null : password;
        }
        int database = 0;
        String master = null;
        if (topology == Topology.SENTINEL) {
            master = path;
        } else if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(KEY + "the database after the address must be a number, got '/" + path + "'");
            }
            if (database < 0) {
                throw new InvalidConfigException(KEY + "the database must not be negative, got " + database);
            }
        }
        return new RedisAddress(topology, tls, hosts, user, password, database, master);
    }

    /** The addresses as Redisson takes them: {@code redis://host:port} or {@code rediss://host:port}. */
    public List<String> uris() {
        return hosts.stream().map(h -> (tls ? "rediss://" : "redis://") + h).toList();
    }

    private static String hostPort(String hp, int defaultPort) {
        String host;
        String port;
        if (hp.startsWith("[")) {
            int end = hp.indexOf(']');
            if (end < 0) {
                throw new InvalidConfigException(KEY + "unclosed '[' in '" + hp + "'");
            }
            host = hp.substring(0, end + 1);
            port = hp.length() > end + 1 && hp.charAt(end + 1) == ':' ? hp.substring(end + 2) : "";
        } else {
            int colon = hp.lastIndexOf(':');
            host = colon >= 0 ? hp.substring(0, colon) : hp;
            port = colon >= 0 ? hp.substring(colon + 1) : "";
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new InvalidConfigException(KEY + "no host in '" + hp + "'");
        }
        int p = defaultPort;
        if (!port.isEmpty()) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new InvalidConfigException(KEY + "the port must be between 1 and 65535, got '" + port + "' in '" + hp + "'");
            }
        }
        return host + ":" + p;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topology + (tls ? " (TLS) " : " ") + hosts + (masterName != null ? " master " + masterName : "")
                + (database != 0 ? " db " + database : "") + (username != null ? " user " + username : "");
    }
}
