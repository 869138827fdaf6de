package io.palisade.server.config;

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
        boolean production, int maxMessagesPerSecond, int maxPacketBytes, String dbUrl, String dbUser, Secrets secrets) {

    /**
     * What the server takes from its environment, read once at start (never logged): the CA key passphrase
     * (PALISADE_CA_PASSPHRASE), the PostgreSQL password (PALISADE_DB_PASSWORD), notification targets
     * (PALISADE_WEBHOOK_URL + PALISADE_WEBHOOK_SECRET, PALISADE_SYSLOG host[:port]) and whether to use the ACCP crypto
     * provider (PALISADE_ACCP=off to disable).
     */
    public record Secrets(String caPassphrase, String dbPassword, String webhookUrl, String webhookSecret, String syslog, boolean accp) {
        public static Secrets fromEnvironment() {
            return new Secrets(env("PALISADE_CA_PASSPHRASE"), env("PALISADE_DB_PASSWORD"), env("PALISADE_WEBHOOK_URL"),
                    env("PALISADE_WEBHOOK_SECRET"), env("PALISADE_SYSLOG"),
                    !"off".equalsIgnoreCase(System.getenv("PALISADE_ACCP")) && !"off".equalsIgnoreCase(System.getProperty("palisade.accp")));
        }

        private static String env(String name) {
            String v = System.getenv(name);
            return v == null || v.isEmpty() ? null : v;
        }

        @Override
        public String toString() {
            return "Secrets[caPassphrase=" + (caPassphrase == null ? "unset" : "set") + ", dbPassword=" + (dbPassword == null ? "unset" : "set")
                    + ", webhookUrl=" + webhookUrl + ", webhookSecret=" + (webhookSecret == null ? "unset" : "set") + ", syslog=" + syslog
                    + ", accp=" + accp + "]";
        }
    }

    /** Settings with the secrets of this process's environment. */
    public ServerConfig(Path dataDir, int httpsPort, int httpPort, int mqttPort, String bindAddress, String publicHost,
            boolean production, int maxMessagesPerSecond, int maxPacketBytes, String dbUrl, String dbUser) {
        this(dataDir, httpsPort, httpPort, mqttPort, bindAddress, publicHost, production, maxMessagesPerSecond, maxPacketBytes, dbUrl, dbUser,
                Secrets.fromEnvironment());
    }

    public ServerConfig {
        Objects.requireNonNull(secrets, "secrets");
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
