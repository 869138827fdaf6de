package io.palisade.device;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker for tests: mutual TLS listener on a free loopback port, client certificate required, the
 * certificate CN used as the user name, and an ACL that confines each device to {@code palisade/v1/d/<CN>/#} while the
 * user "observer" may read and write every device topic.
 */
final class MosquittoBroker implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    final int port;
    private final Path conf;
    private Process process;
    private final Path log;

    private MosquittoBroker(int port, Path conf, Process process, Path log) {
        this.port = port;
        this.conf = conf;
        this.process = process;
        this.log = log;
    }

    /** Stops the broker (all sessions drop) and starts it again with the same configuration and port. */
    void restart() throws Exception {
        close();
        process = launch(conf, port, log);
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "mosquitto is not installed (apt-get install mosquitto); skipping broker tests");
    }

    static MosquittoBroker start(Path dir, TestPki pki) throws Exception {
        assumeInstalled();
        KeyPair k = TestPki.newKey();
        X509Certificate cert = pki.issueServer("localhost", k.getPublic(), "localhost");
        Path ca = TestPki.writeCert(dir.resolve("ca.crt"), pki.root);
        Path crt = TestPki.writeCert(dir.resolve("server.crt"), cert);
        Path key = TestPki.writeKey(dir.resolve("server.key"), k.getPrivate());
        Path acl = Files.writeString(dir.resolve("acl"), """
                pattern readwrite palisade/v1/d/%u/#
                user observer
                topic readwrite palisade/v1/d/#
                """, StandardCharsets.UTF_8);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "user " + System.getProperty("user.name"),
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "per_listener_settings false",
                "listener " + port + " 127.0.0.1",
                "cafile " + ca,
                "certfile " + crt,
                "keyfile " + key,
                "require_certificate true",
                "use_identity_as_username true",
                "acl_file " + acl,
                "max_inflight_messages 1000",
                ""), StandardCharsets.UTF_8);
        Path log = dir.resolve("mosquitto.log");
        return new MosquittoBroker(port, conf, launch(conf, port, log), log);
    }

    private static Process launch(Path conf, int port, Path log) throws Exception {
        Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return p;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("mosquitto did not listen on " + port + ": " + Files.readString(log));
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
