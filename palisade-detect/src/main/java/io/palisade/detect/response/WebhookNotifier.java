package io.palisade.detect.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.palisade.core.PalisadeException;
import io.palisade.detect.alert.Alert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts as JSON to a webhook. Each request carries {@code X-Palisade-Timestamp} (epoch seconds) and
 * {@code X-Palisade-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}; a receiver recomputes
 * the HMAC, compares in constant time and rejects stale timestamps. Delivery runs on the notifier's own small
 * executor with a bounded queue and connect/total timeouts, so a hanging target never blocks detection;
 * notifications that do not fit the queue are dropped and counted. The secret is never logged.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    public static final String SIGNATURE_HEADER = "X-Palisade-Signature";
    public static final String TIMESTAMP_HEADER = "X-Palisade-Timestamp";

    private final URI target;
    private final byte[] secret;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient client;
    private final ExecutorService executor;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /** Counters: delivered (2xx), failed (error, timeout, non-2xx), dropped (queue full). */
    public record Stats(long delivered, long failed, long dropped) {
    }

    /**
     * @param target http or https URL
     * @param secret HMAC key (at least 16 bytes)
     * @param timeout connect and total request timeout (1-30 s)
     * @param queueCapacity notifications waiting at most
     */
    public WebhookNotifier(URI target, byte[] secret, Clock clock, Duration timeout, int queueCapacity) {
        Objects.requireNonNull(target, "target");
        if (!("https".equals(target.getScheme()) || "http".equals(target.getScheme())) || target.getHost() == null) {
            throw PalisadeException.invalid("webhook target must be an absolute http(s) URL");
        }
        if (secret == null || secret.length < 16) {
            throw PalisadeException.invalid("webhook secret must be at least 16 bytes");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw PalisadeException.invalid("webhook timeout must be 1-30 seconds");
        }
        if (queueCapacity < 1 || queueCapacity > 100_000) {
            throw PalisadeException.invalid("webhook queue capacity must be 1-100000");
        }
        this.target = target;
        this.secret = secret.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = timeout;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
                r -> {
                    Thread t = new Thread(r, "palisade-webhook");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean notify(Alert alert) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(new Payload("alert", alert));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            failed.increment();
            return false;
        }
        try {
            executor.execute(() -> deliver(body));
            return true;
        } catch (RejectedExecutionException e) {
            dropped.increment();
            LOG.warn("webhook queue full: notification for alert {} dropped", alert.id());
            return false;
        }
    }

    /** The JSON document posted. */
    public record Payload(String kind, Alert alert) {
    }

    private void deliver(byte[] body) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        HttpRequest req = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json")
                .header(TIMESTAMP_HEADER, ts)
                .header(SIGNATURE_HEADER, "sha256=" + sign(secret, ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
            if (resp.statusCode() / 100 == 2) {
                delivered.increment();
            } else {
                failed.increment();
                LOG.warn("webhook {} answered HTTP {}", target.getHost(), resp.statusCode());
            }
        } catch (java.io.IOException e) {
            failed.increment();
            LOG.warn("webhook {} delivery failed: {}", target.getHost(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            failed.increment();
            Thread.currentThread().interrupt();
        }
    }

    /** Hex HMAC-SHA256 over {@code timestamp + "." + body}. */
    public static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public Stats stats() {
        return new Stats(delivered.sum(), failed.sum(), dropped.sum());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + target.getHost() + "]";
    }
}
