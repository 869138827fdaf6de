package io.palisade.server;

import io.palisade.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code palisade server}: runs the platform until Ctrl-C. */
@Command(name = "server", description = "Run the Palisade server (HTTPS API + EST on 8443, local HTTP on 127.0.0.1:8080, MQTT over mutual TLS on 8883).")
public final class ServerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Options options;

    /** The server's flags, parsed once into a {@link ServerConfig} (the environment is read there too). */
    public static class Options {
        @Option(names = "--data-dir", defaultValue = "${env:PALISADE_DATA_DIR:-palisade-data}", description = "data directory (default: ${DEFAULT-VALUE})")
        Path dataDir;
        @Option(names = "--https-port", defaultValue = "8443", description = "HTTPS API and EST port (default: ${DEFAULT-VALUE})")
        int httpsPort;
        @Option(names = "--http-port", defaultValue = "8080", description = "plain HTTP port, bound to 127.0.0.1 only (default: ${DEFAULT-VALUE})")
        int httpPort;
        @Option(names = "--mqtt-port", defaultValue = "8883", description = "MQTT over mutual TLS port (default: ${DEFAULT-VALUE})")
        int mqttPort;
        @Option(names = "--bind", defaultValue = "0.0.0.0", description = "address for the HTTPS and MQTT listeners (default: ${DEFAULT-VALUE})")
        String bind;
        @Option(names = "--public-host", defaultValue = "localhost", description = "host name devices use to reach this server (default: ${DEFAULT-VALUE})")
        String publicHost;
        @Option(names = "--production", description = "production mode: refuses insecure overrides")
        boolean production;
        @Option(names = "--rate-limit", defaultValue = "50", description = "per-device MQTT messages per second (default: ${DEFAULT-VALUE})")
        int rate;
        @Option(names = "--db-url", description = "PostgreSQL JDBC URL (jdbc:postgresql://host/db); password from PALISADE_DB_PASSWORD. Default: embedded H2 in the data directory")
        String dbUrl;
        @Option(names = "--db-user", description = "PostgreSQL user")
        String dbUser;

        public ServerConfig config() {
            return new ServerConfig(dataDir, httpsPort, httpPort, mqttPort, bind, publicHost, production, rate, 256 * 1024, dbUrl, dbUser);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PalisadeServer s = PalisadeServer.start(options.config());
        spec.commandLine().getOut().printf("Palisade server running. Admin token: %s  (Ctrl-C to stop)%n", s.dataDir().resolve(PalisadeServer.ADMIN_TOKEN_FILE));
        spec.commandLine().getOut().flush();
        awaitShutdown(s, null);
        return 0;
    }

    /** Runs until the JVM is asked to stop (or {@code duration} passed), then closes {@code resource}. */
    public static void awaitShutdown(AutoCloseable resource, Duration duration) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                // shutting down: nothing more to do
            } finally {
                stop.countDown();
            }
        }, "palisade-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (duration == null) {
            stop.await();
        } else if (!stop.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        }
    }

    /** Registers {@code server} with the palisade command. */
    public static final class Plugin implements io.palisade.cli.CommandPlugin {
        @Override
        public java.util.List<Object> commands() {
            return java.util.List.of(new ServerCommand());
        }
    }
}
