package io.palisade.device;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.palisade.device.internal.DeviceIds;
import io.palisade.device.internal.TrustAnchors;
import io.palisade.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device: its key storage, certificate chain and an MQTT 5 session over mutual TLS (HiveMQ MQTT client). The
 * client identifier is the device id; the platform root is the only trust anchor; TLS 1.3/1.2 with hostname
 * verification against the MQTT host. Publishes use QoS 1 and complete only on a successful PUBACK. A session that
 * was established and then lost is re-established with jittered exponential back-off (the command subscription is
 * restored); see {@link Builder#automaticReconnect(boolean)}.
 */
public final class DeviceAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAgent.class);
    /** Largest payload the agent publishes and largest packet it accepts from the broker. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final String DEFAULT_FIRMWARE = "1.0.0";
    /**
     * The executor configuration of every agent that does not bring its own. The HiveMQ client keeps one Netty event
     * loop group per Netty executor (here: its default, shared one), so all such agents multiplex their connections
     * over the same few event loop threads, and the RxJava computation scheduler for callbacks.
     */
    public static final MqttClientExecutorConfig SHARED_EXECUTOR = MqttClientExecutorConfig.builder().build();

    private final String deviceId;
    private final KeyStorage keyStorage;
    private final List<X509Certificate> chain;
    private final X509Certificate trustedRoot;
    private final String mqttHost;
    private final int mqttPort;
    private final String firmwareVersion;
    private final Duration timeout;
    private final MqttClientExecutorConfig executorConfig;
    private final boolean automaticReconnect;
    private final Object lock = new Object();
    private Mqtt5AsyncClient client;
    private BiConsumer<String, byte[]> commandHandler;
    private boolean closed;

    private DeviceAgent(Builder b) {
        this.deviceId = DeviceIds.requireValid(b.deviceId);
        this.keyStorage = Objects.requireNonNull(b.keyStorage, "keyStorage");
        if (b.chain == null || b.chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain (leaf first) is required");
        }
        this.chain = List.copyOf(b.chain);
        this.trustedRoot = Objects.requireNonNull(b.trustedRoot, "trustedRoot");
        if (b.mqttHost == null || b.mqttHost.isBlank()) {
            throw new IllegalArgumentException("mqttHost is required");
        }
        this.mqttHost = b.mqttHost;
        if (b.mqttPort < 1 || b.mqttPort > 65535) {
            throw new IllegalArgumentException("mqttPort must be 1-65535");
        }
        this.mqttPort = b.mqttPort;
        this.firmwareVersion = b.firmwareVersion == null || b.firmwareVersion.isBlank() ? DEFAULT_FIRMWARE
                : b.firmwareVersion;
        if (b.timeout == null || b.timeout.isNegative() || b.timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = b.timeout;
        this.executorConfig = b.executorConfig == null ? SHARED_EXECUTOR : b.executorConfig;
        this.automaticReconnect = b.automaticReconnect;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String deviceId() {
        return deviceId;
    }

    public String firmwareVersion() {
        return firmwareVersion;
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** Connects (blocking, bounded by the builder's timeout). Throws {@link DeviceException} on any failure. */
    public void connect() {
        Mqtt5AsyncClient c;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("agent is closed");
            }
            if (client != null && client.getState().isConnectedOrReconnect()) {
                return;
            }
            if (client != null) {
                client.disconnect(); // stops a reconnect loop of an earlier session, if any
            }
            MqttClientSslConfig ssl = MqttClientSslConfig.builder()
                    .keyManagerFactory(keyStorage.keyManagers(chain))
                    .trustManagerFactory(TrustAnchors.onlyRoot(trustedRoot))
                    .protocols(List.of(TrustAnchors.PROTOCOLS))
                    .handshakeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build(); // no hostnameVerifier: the client verifies the host name (HTTPS endpoint identification)
            AtomicBoolean everConnected = new AtomicBoolean();
            c = MqttClient.builder()
                    .useMqttVersion5()
                    .identifier(deviceId)
                    .serverHost(mqttHost)
                    .serverPort(mqttPort)
                    .sslConfig(ssl)
                    .executorConfig(executorConfig)
                    .addConnectedListener(ctx -> everConnected.set(true))
                    .addDisconnectedListener(ctx -> {
                        // Reconnect only after a session was established: a failing first connect fails connect().
                        if (automaticReconnect && everConnected.get() && ctx.getSource() != MqttDisconnectSource.USER
                                && !isClosed()) {
                            int attempt = ctx.getReconnector().getAttempts();
                            long delayMs = reconnectDelayMillis(attempt);
                            LOG.debug("Device {}: connection lost ({}); reconnect attempt {} in {} ms", deviceId,
                                    ctx.getCause().toString(), attempt + 1, delayMs);
                            ctx.getReconnector().reconnect(true).delay(delayMs, TimeUnit.MILLISECONDS);
                        }
                    })
                    .buildAsync();
            client = c;
        }
        CompletableFuture<Mqtt5ConnAck> f = c.connectWith()
                .cleanStart(true)
                .keepAlive(30)
                .restrictions().maximumPacketSize(MAX_PAYLOAD_BYTES + 1024).applyRestrictions()
                .send();
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            c.disconnect();
            throw new DeviceException(deviceId + ": MQTT connect to " + mqttHost + ":" + mqttPort + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.disconnect();
            throw new DeviceException(deviceId + ": MQTT connect interrupted", e);
        } catch (ExecutionException e) {
            c.disconnect();
            throw new DeviceException(deviceId + ": MQTT connect to " + mqttHost + ":" + mqttPort + " failed: "
                    + describe(e.getCause()), e.getCause());
        }
        LOG.debug("Device {} connected to {}:{}", deviceId, mqttHost, mqttPort);
        BiConsumer<String, byte[]> handler;
        synchronized (lock) {
            handler = commandHandler;
        }
        if (handler != null) {
            subscribe(c, handler);
        }
    }

    public CompletableFuture<Void> publishTelemetry(String json) {
        return publish(Topics.telemetry(deviceId), json);
    }

    public CompletableFuture<Void> publishEvent(String json) {
        return publish(Topics.events(deviceId), json);
    }

    public CompletableFuture<Void> publishMetrics(String json) {
        return publish(Topics.metrics(deviceId), json);
    }

    /**
     * QoS 1 publish to a topic under this device's own prefix ({@code palisade/v1/d/<id>/...}); completes on a
     * successful PUBACK, fails with {@link DeviceException} otherwise.
     */
    public CompletableFuture<Void> publish(String topic, String json) {
        if (topic == null || !topic.startsWith(Topics.prefix(deviceId)) || Topics.parse(topic).isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "topic must be a concrete topic under " + Topics.prefix(deviceId)));
        }
        if (json == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("payload is required"));
        }
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "payload larger than " + MAX_PAYLOAD_BYTES + " bytes"));
        }
        Mqtt5AsyncClient c;
        synchronized (lock) {
            c = client;
        }
        if (c == null || !c.getState().isConnected()) {
            return CompletableFuture.failedFuture(new DeviceException(deviceId + ": not connected"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .contentType("application/json")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .send()
                .whenComplete((result, error) -> {
                    if (error != null) {
                        done.completeExceptionally(new DeviceException(deviceId + ": publish to " + topic
                                + " failed: " + describe(error), error));
                        return;
                    }
                    if (result.getError().isPresent()) {
                        Throwable t = result.getError().get();
                        done.completeExceptionally(new DeviceException(deviceId + ": publish to " + topic
                                + " failed: " + describe(t), t));
                        return;
                    }
                    if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                            && q1.getPubAck().getReasonCode().isError()) {
                        done.completeExceptionally(new DeviceException(deviceId + ": publish to " + topic
                                + " rejected: " + pubAck(q1.getPubAck())));
                        return;
                    }
                    done.complete(null);
                });
        return done;
    }

    /**
     * Receives server commands: subscribes {@link Topics#commandFilter(String)} with QoS 1 now when connected, and on
     * every later {@link #connect()}. The handler runs on the client's thread; exceptions from it are logged.
     */
    public void onCommand(BiConsumer<String, byte[]> handler) {
        Objects.requireNonNull(handler, "handler");
        Mqtt5AsyncClient c;
        synchronized (lock) {
            commandHandler = handler;
            c = client;
        }
        if (c != null && c.getState().isConnected()) {
            subscribe(c, handler);
        }
    }

    private void subscribe(Mqtt5AsyncClient c, BiConsumer<String, byte[]> handler) {
        String filter = Topics.commandFilter(deviceId);
        CompletableFuture<Mqtt5SubAck> f = c.subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    try {
                        handler.accept(p.getTopic().toString(), p.getPayloadAsBytes());
                    } catch (RuntimeException e) {
                        LOG.warn("Device {}: command handler failed for {}: {}", deviceId, p.getTopic(),
                                e.toString());
                    }
                })
                .send();
        Mqtt5SubAck ack;
        try {
            ack = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DeviceException(deviceId + ": subscribe to " + filter + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(deviceId + ": subscribe interrupted", e);
        } catch (ExecutionException e) {
            throw new DeviceException(deviceId + ": subscribe to " + filter + " failed: " + describe(e.getCause()),
                    e.getCause());
        }
        for (Mqtt5SubAckReasonCode code : ack.getReasonCodes()) {
            if (code.isError()) {
                throw new DeviceException(deviceId + ": subscribe to " + filter + " rejected: " + code);
            }
        }
    }

    /** Exponential back-off from 0.5 s up to 30 s, with jitter so a fleet does not reconnect in lock-step. */
    static long reconnectDelayMillis(int attempt) {
        long base = Math.min(30_000L, 500L << Math.min(attempt, 6));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    public boolean connected() {
        synchronized (lock) {
            return client != null && client.getState().isConnected();
        }
    }

    @Override
    public void close() {
        Mqtt5AsyncClient c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = client;
        }
        if (c != null && c.getState().isConnectedOrReconnect()) {
            try {
                c.disconnect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Device {}: disconnect did not complete cleanly: {}", deviceId, e.toString());
            }
        }
    }

    private static String pubAck(Mqtt5PubAck ack) {
        return ack.getReasonCode() + " (0x" + Integer.toHexString(ack.getReasonCode().getCode()) + ")"
                + ack.getReasonString().map(s -> ": " + s).orElse("");
    }

    private static String describe(Throwable t) {
        if (t instanceof Mqtt5ConnAckException e) {
            return "CONNACK " + e.getMqttMessage().getReasonCode()
                    + e.getMqttMessage().getReasonString().map(s -> ": " + s).orElse("");
        }
        if (t instanceof Mqtt5PubAckException e) {
            return "PUBACK " + pubAck(e.getMqttMessage());
        }
        if (t instanceof Mqtt5SubAckException e) {
            return "SUBACK " + e.getMqttMessage().getReasonCodes();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "TLS failed (the broker certificate must chain to the platform root and match the host"
                        + " name; the broker must accept the device certificate): " + c.getMessage();
            }
        }
        return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public String toString() {
        return "DeviceAgent[" + deviceId + " -> " + mqttHost + ":" + mqttPort + "]";
    }

    /** Builds a {@link DeviceAgent}; deviceId, keyStorage, chain, trustedRoot, mqttHost and mqttPort are required. */
    public static final class Builder {
        private String deviceId;
        private KeyStorage keyStorage;
        private List<X509Certificate> chain;
        private X509Certificate trustedRoot;
        private String mqttHost;
        private int mqttPort = 8883;
        private String firmwareVersion;
        private Duration timeout = Duration.ofSeconds(20);
        private MqttClientExecutorConfig executorConfig;
        private boolean automaticReconnect = true;

        private Builder() {
        }

        /**
         * Whether a lost session is re-established with exponential back-off and the command subscription restored
         * (default true). The first {@link DeviceAgent#connect()} never retries: it fails fast.
         */
        public Builder automaticReconnect(boolean automaticReconnect) {
            this.automaticReconnect = automaticReconnect;
            return this;
        }

        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        public Builder keyStorage(KeyStorage keyStorage) {
            this.keyStorage = keyStorage;
            return this;
        }

        /** Certificate chain, leaf first. */
        public Builder chain(List<X509Certificate> chain) {
            this.chain = chain;
            return this;
        }

        public Builder trustedRoot(X509Certificate trustedRoot) {
            this.trustedRoot = trustedRoot;
            return this;
        }

        public Builder mqttHost(String mqttHost) {
            this.mqttHost = mqttHost;
            return this;
        }

        public Builder mqttPort(int mqttPort) {
            this.mqttPort = mqttPort;
            return this;
        }

        public Builder firmwareVersion(String firmwareVersion) {
            this.firmwareVersion = firmwareVersion;
            return this;
        }

        /** Bound of connect, subscribe and disconnect (default 20 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** HiveMQ executor configuration; default {@link DeviceAgent#SHARED_EXECUTOR}. */
        public Builder executorConfig(MqttClientExecutorConfig executorConfig) {
            this.executorConfig = executorConfig;
            return this;
        }

        public DeviceAgent build() {
            return new DeviceAgent(this);
        }
    }
}
