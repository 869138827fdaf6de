package io.palisade.edge;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.micrometer.core.instrument.MeterRegistry;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.event.EventBus;
import io.palisade.edge.internal.BrokerFiles;
import io.palisade.edge.internal.ClientCertificates;
import io.palisade.edge.internal.EdgeMetrics;
import io.palisade.edge.internal.PalisadeExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Palisade MQTT edge: an embedded HiveMQ CE broker with a single mutual-TLS listener (TLS 1.3/1.2, client
 * certificate required, MQTT 3.1.1 and 5) and the Palisade security extension.
 *
 * <p>Live effect of platform changes: on {@link DomainEvent.DeviceStateChanged} and
 * {@link DomainEvent.CertificateRevoked} the device's access is re-evaluated with {@link DeviceGate#access}
 * immediately (and again when a revocation becomes effective). A denied device's session is invalidated
 * (disconnected and its stored subscriptions removed). A device moved to quarantine loses its wider rights at once
 * and its session is invalidated so it reconnects with quarantine rights only; a device leaving quarantine gets full
 * rights on its open session.
 *
 * <p>Refusals: a refused CONNECT gets only "not authorized" (the reason goes to the log and the
 * {@code palisade.mqtt.auth.failures{reason}} counter). A refused publish is answered NOT_AUTHORIZED (MQTT 5) and, as
 * HiveMQ CE does for every unauthorized publish, the connection is then closed; a refused subscription gets a failure
 * SUBACK and the session stays. Payloads dropped by inspection or the rate limit get a negative PUBACK
 * (PAYLOAD_FORMAT_INVALID, QUOTA_EXCEEDED, UNSPECIFIED_ERROR when the store failed) on MQTT 5; MQTT 3.1.1 has no
 * negative PUBACK, so the broker closes the connection instead (QoS 0 publishes are dropped silently). A QoS 1 PUBACK
 * with success is only sent after {@link TelemetrySink#store} returned.
 *
 * <p>Only one broker should run per JVM: HiveMQ keeps some configuration in JVM-wide statics.
 */
public final class EdgeBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeBroker.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    private final EmbeddedHiveMQ hivemq;
    private final PalisadeExtension extension;
    private final EdgeMetrics metrics;
    private final ExecutorService blocking;
    private final ScheduledExecutorService timer;
    private final List<AutoCloseable> subscriptions;
    private final int port;
    private final BrokerFiles files;
    private volatile boolean closed;

    private EdgeBroker(EmbeddedHiveMQ hivemq, PalisadeExtension extension, EdgeMetrics metrics, ExecutorService blocking,
            ScheduledExecutorService timer, List<AutoCloseable> subscriptions, int port, BrokerFiles files) {
        this.hivemq = hivemq;
        this.extension = extension;
        this.metrics = metrics;
        this.blocking = blocking;
        this.timer = timer;
        this.subscriptions = subscriptions;
        this.port = port;
        this.files = files;
    }

    /**
     * Checks that a telemetry JSON schema uses only the supported subset (see the internal TelemetrySchema); throws
     * PalisadeException(INVALID_INPUT) saying what is wrong. The API checks a schema with this before storing it.
     */
    public static void checkTelemetrySchema(String schema) {
        io.palisade.edge.internal.TelemetrySchema.compile(schema);
    }

    /** Starts the broker; returns when the TLS listener accepts connections. */
    public static EdgeBroker start(EdgeConfig config, DeviceGate gate, TelemetrySink sink, EventBus events, MeterRegistry meters) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(meters, "meters");
        int port = config.port() == 0 ? freePort(config.bindAddress()) : config.port();
        BrokerFiles files = BrokerFiles.write(config, port);
        Clock clock = Clock.systemUTC();
        EdgeMetrics metrics = new EdgeMetrics(meters, clock);
        ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("palisade-edge-", 0).factory());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("palisade-edge-timer").factory());
        PalisadeExtension extension = new PalisadeExtension(new PalisadeExtension.Context(gate, sink, events, metrics,
                new ClientCertificates(config.trustedCas()), config.maxPacketBytes(), config.messagesPerSecond(), config.burst(), blocking, timer, clock));
        EmbeddedExtension embedded = EmbeddedExtension.builder()
                .withId("palisade-edge")
                .withName("Palisade edge security")
                .withVersion("1")
                .withAuthor("Palisade")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(extension)
                .build();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(files.conf())
                .withDataFolder(files.data())
                .withExtensionsFolder(files.extensions())
                .withEmbeddedExtension(embedded)
                .withoutLoggingBootstrap()
                .build();
        // Building the embedded broker sets the JVM-wide "allow unauthenticated connections" default: deny again.
        InternalConfigurations.AUTH_DENY_UNAUTHENTICATED_CONNECTIONS.set(true);
        List<AutoCloseable> subscriptions = new ArrayList<>();
        EdgeBroker broker = new EdgeBroker(hivemq, extension, metrics, blocking, timer, subscriptions, port, files);
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            InternalConfigurations.AUTH_DENY_UNAUTHENTICATED_CONNECTIONS.set(true);
            if (!extension.started()) {
                throw new PalisadeException(ErrorCode.INTERNAL, "the Palisade broker extension did not start; refusing to run an unprotected broker");
            }
            awaitListener(config.bindAddress(), port);
            subscriptions.add(events.subscribe(DomainEvent.DeviceStateChanged.class,
                    e -> extension.reevaluate(e.deviceId(), Optional.empty(), !e.to().hasIdentity())));
            subscriptions.add(events.subscribe(DomainEvent.CertificateRevoked.class,
                    e -> extension.reevaluate(e.deviceId(), Optional.ofNullable(e.effectiveAt()), false)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new PalisadeException(ErrorCode.INTERNAL, "interrupted while starting the MQTT broker", e);
        } catch (PalisadeException e) {
            broker.close();
            throw e;
        } catch (Exception e) {
            broker.close();
            throw new PalisadeException(ErrorCode.INTERNAL, "the MQTT broker did not start on " + config.bindAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        LOG.info("MQTT edge listening with mutual TLS on {}:{}", config.bindAddress(), port);
        return broker;
    }

    public int port() {
        return port;
    }

    public Optional<DeviceMetrics> metrics(DeviceId id) {
        return metrics.metrics(id);
    }

    public List<DeviceMetrics> allMetrics() {
        return metrics.all();
    }

    public int connectedDevices() {
        return metrics.connectedDevices();
    }

    /**
     * Publishes a command to a device ({@code palisade/v1/d/<id>/cmd/<kind>}, QoS 1). The future completes when the
     * broker has accepted the message for delivery (also when the device is offline and has no session).
     */
    public java.util.concurrent.CompletableFuture<Void> publishCommand(DeviceId id, String kind, String json) {
        Objects.requireNonNull(id, "id");
        if (kind == null || !kind.matches("[a-z0-9][a-z0-9_-]{0,31}(/[a-z0-9][a-z0-9_-]{0,31}){0,3}")) {
            throw PalisadeException.invalid("command kind must be 1-4 levels of [a-z0-9_-], each at most 32 characters");
        }
        Objects.requireNonNull(json, "json");
        if (closed) {
            throw PalisadeException.illegalState("the MQTT broker is closed");
        }
        return extension.publish(io.palisade.wire.Topics.command(id.value(), kind), json);
    }

    /** The HiveMQ configuration folder this broker wrote (config.xml, key stores). */
    public java.nio.file.Path configurationFolder() {
        return files.conf();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable s : subscriptions) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("event unsubscription failed", e);
            }
        }
        try {
            hivemq.stop().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("broker stop: {}", e.toString());
        }
        try {
            hivemq.close();
        } catch (Exception e) {
            LOG.warn("closing the embedded broker failed", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdownNow();
        blocking.shutdown();
        try {
            if (!blocking.awaitTermination(10, TimeUnit.SECONDS)) {
                blocking.shutdownNow();
            }
        } catch (InterruptedException e) {
            blocking.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("MQTT edge on port {} stopped", port);
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "no free port on " + bindAddress + ": " + e.getMessage(), e);
        }
    }

    private static void awaitListener(String bindAddress, int port) throws IOException, InterruptedException, TimeoutException {
        InetAddress target = InetAddress.getByName(bindAddress);
        if (target.isAnyLocalAddress()) {
            target = InetAddress.getLoopbackAddress();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(target, port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new TimeoutException("the TLS listener does not accept connections on port " + port
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }
}
