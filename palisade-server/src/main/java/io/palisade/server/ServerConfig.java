package io.palisade.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Server settings. Defaults: data in ./palisade-data, HTTPS API on 8443 (all interfaces), plain HTTP only on
 * 127.0.0.1:8080, MQTT over mutual TLS on 8883. {@code publicHost} is the name devices use to reach the server
 * (it goes into the server certificate and the CRL/OCSP URLs).
 *
 * @param production production mode: refuses insecure overrides (see docs/SECURITY.md)
 */
public record ServerConfig(Path dataDir, int httpsPort, int httpPort, int mqttPort, String bindAddress, String publicHost,
        boolean production, int maxMessagesPerSecond, int maxPacketBytes, String dbUrl, String dbUser) {
    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort(httpsPort, "--https-port");
        checkPort(httpPort, "--http-port");
        checkPort(mqttPort, "--mqtt-port");
        if (publicHost == null || publicHost.isBlank() || !publicHost.matches("[A-Za-z0-9.:-]{1,253}")) {
            throw new IllegalArgumentException("--public-host must be a host name or IP address");
        }
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db-url must be a jdbc:postgresql: URL (the default store is the embedded H2 in the data directory)");
        }
        if (maxMessagesPerSecond < 1 || maxPacketBytes < 1024) {
            throw new IllegalArgumentException("rate limit must be >= 1 msg/s and packet limit >= 1024 bytes");
        }
    }

    private static void checkPort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 (any free port) and 65535");
        }
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, 8443, 8080, 8883, "0.0.0.0", "localhost", false, 50, 256 * 1024, null, null);
    }


}
