package io.palisade.server.cli;

import io.palisade.server.Demo;
import io.palisade.server.PalisadeServer;
import io.palisade.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

final class ServerCommands {
    private ServerCommands() {
    }

    static class ServerOptions {
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

        ServerConfig config() {
            return new ServerConfig(dataDir, httpsPort, httpPort, mqttPort, bind, publicHost, production, rate, 256 * 1024, dbUrl, dbUser);
        }
    }

    static void awaitShutdown(AutoCloseable resource, Duration duration) throws InterruptedException {
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
        } else if (!stop.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        }
    }

    @Command(name = "server", description = "Run the Palisade server (HTTPS API + EST on 8443, local HTTP on 127.0.0.1:8080, MQTT over mutual TLS on 8883).")
    static final class Server extends ServerOptions implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PalisadeServer s = PalisadeServer.start(config());
            spec.commandLine().getOut().printf("Palisade server running. Admin token: %s  (Ctrl-C to stop)%n", s.dataDir().resolve(PalisadeServer.ADMIN_TOKEN_FILE));
            spec.commandLine().getOut().flush();
            awaitShutdown(s, null);
            return 0;
        }
    }

    @Command(name = "demo", description = "Start the server with a simulated fleet of a few models and show what to look at. Runs until Ctrl-C.")
    static final class Demo extends ServerOptions implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--devices", defaultValue = "3", description = "simulated devices per model (default: ${DEFAULT-VALUE})")
        int perModel;
        @Option(names = "--duration", description = "stop by itself after this long, e.g. 60s (default: run until Ctrl-C)")
        String duration;

        @Override
        public Integer call() throws Exception {
            Duration d = duration == null ? null : SimulateCommand.parseDuration(duration);
            io.palisade.server.Demo demo = io.palisade.server.Demo.start(config(), perModel, spec.commandLine().getOut());
            awaitShutdown(demo, d);
            return 0;
        }
    }
}
