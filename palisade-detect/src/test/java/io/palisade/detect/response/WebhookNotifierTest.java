package io.palisade.detect.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.palisade.detect.TestClock;
import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.InMemoryAlertRepository;
import io.palisade.detect.alert.Severity;
import io.palisade.detect.alert.Signal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WebhookNotifierTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    final TestClock clock = new TestClock(Instant.parse("2026-02-01T10:00:00Z"));

    Alert alert() {
        return new AlertService(new InMemoryAlertRepository(), clock).raise(new Signal("behaviour.scan", "cam-1", "cam",
                Severity.HIGH, "scan", "120 targets", Map.of("n", 120), clock.instant())).alert();
    }

    @Test
    @Timeout(30)
    void deliversSignedJsonThatTheReceiverVerifies() throws Exception {
        BlockingQueue<Boolean> verified = new ArrayBlockingQueue<>(1);
        BlockingQueue<String> bodies = new ArrayBlockingQueue<>(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String ts = ex.getRequestHeaders().getFirst("X-Palisade-Timestamp");
            String sig = ex.getRequestHeaders().getFirst("X-Palisade-Signature");
            javax.crypto.Mac mac;
            try {
                mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            byte[] expected = mac.doFinal((ts + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            String exp = "sha256=" + java.util.HexFormat.of().formatHex(expected);
            verified.add(sig != null && MessageDigest.isEqual(exp.getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII))
                    && ts.equals(Long.toString(clock.instant().getEpochSecond())));
            bodies.add(new String(body, StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try (WebhookNotifier n = new WebhookNotifier(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                SECRET, clock, Duration.ofSeconds(5), 10)) {
            assertThat(n.notify(alert())).isTrue();
            assertThat(verified.poll(20, TimeUnit.SECONDS)).isTrue();
            assertThat(bodies.poll(1, TimeUnit.SECONDS)).contains("\"type\":\"behaviour.scan\"", "\"subject\":\"cam-1\"");
            assertThat(n.toString()).doesNotContain("0123456789abcdef");
        } finally {
            server.stop(0);
        }
        // a forged body does not verify
        String good = WebhookNotifier.sign(SECRET, "1", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookNotifier.sign(SECRET, "1", "{ }".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(good);
    }

    @Test
    @Timeout(30)
    void hangingTargetNeverBlocksTheCallerAndOverflowIsCounted() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket hang = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hang.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (WebhookNotifier n = new WebhookNotifier(URI.create("http://127.0.0.1:" + hang.getLocalPort() + "/x"), SECRET,
                    clock, Duration.ofSeconds(1), 2)) {
                Alert a = alert();
                long start = System.nanoTime();
                int accepted = 0;
                for (int i = 0; i < 20; i++) {
                    if (n.notify(a)) {
                        accepted++;
                    }
                }
                long callerMillis = (System.nanoTime() - start) / 1_000_000;
                // one in flight + 2 queued at most; the rest dropped, and the caller returned without waiting
                assertThat(accepted).isLessThanOrEqualTo(3);
                assertThat(n.stats().dropped()).isEqualTo(20 - accepted);
                System.out.println("20 notifications to a hanging target returned in " + callerMillis + " ms");
                long deadline = System.currentTimeMillis() + 20_000;
                while (n.stats().failed() < 1 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(n.stats().failed()).as("the request timed out").isGreaterThanOrEqualTo(1);
                assertThat(n.stats().delivered()).isZero();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void syslogLineIsRfc5424() throws Exception {
        try (java.net.DatagramSocket rx = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress());
                SyslogNotifier s = new SyslogNotifier(new InetSocketAddress(InetAddress.getLoopbackAddress(), rx.getLocalPort()),
                        "palisade-1", clock)) {
            rx.setSoTimeout(5000);
            assertThat(s.notify(alert())).isTrue();
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[4096], 4096);
            rx.receive(p);
            String line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertThat(line).startsWith("<83>1 2026-02-01T10:00:00Z palisade-1 palisade - alert [palisade@32473 ")
                    .contains("type=\"behaviour.scan\"");
        }
    }
}
