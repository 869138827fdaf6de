package io.palisade.edge.internal;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.auth.provider.AuthenticatorProvider;
import com.hivemq.extension.sdk.api.services.auth.provider.AuthorizerProvider;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.intializer.ClientInitializer;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import io.palisade.core.event.DomainEvent;
import io.palisade.core.event.EventBus;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.edge.DeviceGate;
import io.palisade.edge.TelemetrySink;
import io.palisade.wire.Topics;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Palisade embedded extension: mutual-TLS authentication of devices, per-device topic authorization
 * ({@link TopicPolicy}, default DENY), inspection and durable storage of telemetry before it is acknowledged, a
 * per-device rate limit, metrics, and live re-evaluation of access when the platform changes a device.
 *
 * <p>Every provider and interceptor registered here is created by this class, so its class loader is the extension's:
 * HiveMQ silently ignores providers from other class loaders, and {@link #extensionStart} checks this.
 */
public final class PalisadeExtension implements ExtensionMain {
    private static final Logger LOG = LoggerFactory.getLogger(PalisadeExtension.class);
    static final String SESSION_ATTRIBUTE = "io.palisade.edge.session";
    private static final String NOT_AUTHORIZED = "not authorized";
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_IN_FLIGHT_STORES = 4096;

    /** What the extension needs from its owner. */
    public record Context(DeviceGate gate, TelemetrySink sink, EventBus events, EdgeMetrics metrics, ClientCertificates certificates,
            int maxPacketBytes, double messagesPerSecond, int burst, ExecutorService blocking, ScheduledExecutorService timer, Clock clock) {
    }

    private final Context ctx;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<DeviceId, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_STORES);
    private final AtomicReference<ClientService> clientService = new AtomicReference<>();
    private volatile boolean started;

    private final SimpleAuthenticator authenticator = this::authenticate;
    private final DeviceAuthorizer authorizer = new DeviceAuthorizer();
    private final PublishInboundInterceptor interceptor = this::inspect;
    private final Lifecycle lifecycle = new Lifecycle();

    public PalisadeExtension(Context ctx) {
        this.ctx = ctx;
    }

    // ---- extension lifecycle ---------------------------------------------------------------------------

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        AuthenticatorProvider authenticators = providerInput -> authenticator;
        AuthorizerProvider authorizers = providerInput -> authorizer;
        ClientInitializer initializer = (initInput, clientContext) -> {
            clientContext.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
            clientContext.addPublishInboundInterceptor(interceptor);
        };
        for (Object provider : List.of(authenticators, authorizers, initializer, interceptor, authenticator, authorizer, lifecycle)) {
            if (provider.getClass().getClassLoader() != PalisadeExtension.class.getClassLoader()) {
                output.preventExtensionStartup("Palisade provider " + provider.getClass().getName() + " is not from the extension's class loader");
                return;
            }
        }
        Services.securityRegistry().setAuthenticatorProvider(authenticators);
        Services.securityRegistry().setAuthorizerProvider(authorizers);
        Services.initializerRegistry().setClientInitializer(initializer);
        Services.eventRegistry().setClientLifecycleEventListener(listenerInput -> lifecycle);
        clientService.set(Services.clientService());
        started = true;
        LOG.info("Palisade edge extension started (mutual TLS, default-deny topic policy)");
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        started = false;
    }

    public boolean started() {
        return started;
    }

    /** Classes whose loader must be the extension's (for tests). */
    public List<Class<?>> providerClasses() {
        return List.of(authenticator.getClass(), authorizer.getClass(), interceptor.getClass(), lifecycle.getClass());
    }

    // ---- authentication --------------------------------------------------------------------------------

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        // Default permissions are a second line of defence; the authorizer decides every request explicitly.
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        Async<SimpleAuthOutput> async;
        try {
            async = output.async(AUTH_TIMEOUT, TimeoutFallback.FAILURE, ConnackReasonCode.NOT_AUTHORIZED, NOT_AUTHORIZED);
        } catch (RuntimeException e) {
            refuse(output, null, "internal-error", remote(input.getConnectionInformation()));
            return;
        }
        try {
            ctx.blocking().execute(() -> {
                try {
                    decide(input, output);
                } catch (Throwable t) {
                    LOG.warn("authentication failed unexpectedly; refusing the client", t);
                    refuse(output, null, "internal-error", remote(input.getConnectionInformation()));
                } finally {
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            refuse(output, null, "shutting-down", remote(input.getConnectionInformation()));
            async.resume();
        }
    }

    private void decide(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectionInformation connection = input.getConnectionInformation();
        String remote = remote(connection);
        if (!started) {
            refuse(output, null, "extension-stopped", remote);
            return;
        }
        Optional<ClientTlsInformation> tls = connection.getClientTlsInformation();
        if (tls.isEmpty()) {
            refuse(output, null, "no-tls", remote);
            return;
        }
        Optional<X509Certificate> cert = tls.get().getClientCertificate();
        if (cert.isEmpty()) {
            refuse(output, null, "no-certificate", remote);
            return;
        }
        Optional<DeviceId> id = ClientCertificates.deviceId(cert.get());
        Optional<String> chainProblem = ctx.certificates().verify(cert.get(), tls.get().getClientCertificateChain().orElse(null), ctx.clock().instant());
        if (chainProblem.isPresent()) {
            refuse(output, id.orElse(null), chainProblem.get(), remote);
            return;
        }
        if (id.isEmpty()) {
            refuse(output, null, "no-device-identity", remote);
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        if (!id.get().value().equals(clientId)) {
            refuse(output, id.get(), "client-id-mismatch", remote);
            return;
        }
        Access access;
        try {
            access = ctx.gate().access(id.get(), cert.get().getSerialNumber());
        } catch (RuntimeException e) {
            LOG.warn("device gate failed for {}; refusing", id.get(), e);
            refuse(output, id.get(), "gate-error", remote);
            return;
        }
        if (!(access instanceof Access.Allow allow) || !id.get().equals(allow.deviceId()) || allow.rights() == null) {
            String reason = access instanceof Access.Deny deny ? deny.reason() : "gate-mismatch";
            refuse(output, id.get(), reason, remote);
            return;
        }
        Session session = new Session(UUID.randomUUID().toString(), id.get(), cert.get().getSerialNumber(), remote, allow.rights(), schemaOf(id.get()));
        defaultPermissions(output.getDefaultPermissions(), id.get(), allow.rights());
        connection.getConnectionAttributeStore().putAsString(SESSION_ATTRIBUTE, session.token);
        sessions.put(clientId, session);
        output.authenticateSuccessfully();
        LOG.info("device {} authenticated from {} with {} rights", id.get(), remote, allow.rights());
    }

    private Session.SchemaState schemaOf(DeviceId id) {
        Optional<String> text;
        try {
            text = ctx.gate().telemetrySchema(id);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the telemetry schema of {}; its telemetry is refused for this session", id, e);
            return new Session.SchemaState.Unusable("schema-unavailable");
        }
        if (text == null || text.isEmpty()) {
            return new Session.SchemaState.None();
        }
        try {
            return new Session.SchemaState.Compiled(TelemetrySchema.compile(text.get()));
        } catch (PalisadeException e) {
            LOG.warn("telemetry schema of {} is unusable ({}); its telemetry is refused", id, e.getMessage());
            return new Session.SchemaState.Unusable("schema-unusable");
        }
    }

    /** Explicit refusal: the reason goes to the log and metrics, the client only learns "not authorized". */
    private void refuse(SimpleAuthOutput output, DeviceId idOrNull, String reason, String remote) {
        LOG.warn("refused MQTT connection from {} (device {}): {}", remote, idOrNull == null ? "?" : idOrNull, reason);
        ctx.metrics().authFailure(idOrNull, reason, remote);
        output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, NOT_AUTHORIZED);
    }

    private static void defaultPermissions(ModifiableDefaultPermissions permissions, DeviceId id, Access.Rights rights) {
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        permissions.clear();
        String prefix = Topics.prefix(id.value());
        List<String> publish = rights == Access.Rights.FULL
                ? List.of(Topics.TELEMETRY, Topics.EVENTS, Topics.METRICS, Topics.UPDATE, Topics.UPDATE + "/#", Topics.ATTESTATION,
                        Topics.ATTESTATION + "/#")
                : List.of(Topics.UPDATE, Topics.UPDATE + "/#", Topics.ATTESTATION, Topics.ATTESTATION + "/#");
        for (String p : publish) {
            permissions.add(permission(prefix + p, TopicPermission.MqttActivity.PUBLISH));
        }
        List<String> subscribe = rights == Access.Rights.FULL ? List.of(Topics.CMD + "/#")
                : List.of(Topics.CMD + "/" + Topics.UPDATE + "/#", Topics.CMD + "/" + Topics.ATTESTATION + "/#");
        for (String s : subscribe) {
            permissions.add(permission(prefix + s, TopicPermission.MqttActivity.SUBSCRIBE));
        }
    }

    private static TopicPermission permission(String filter, TopicPermission.MqttActivity activity) {
        return Builders.topicPermission().topicFilter(filter).type(TopicPermission.PermissionType.ALLOW).activity(activity)
                .sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED).build();
    }

    // ---- authorization ---------------------------------------------------------------------------------

    private Optional<Session> sessionOf(String clientId, ConnectionInformation connection) {
        Session s = sessions.get(clientId);
        if (s == null) {
            return Optional.empty();
        }
        Optional<String> token = connection.getConnectionAttributeStore().getAsString(SESSION_ATTRIBUTE);
        return token.isPresent() && token.get().equals(s.token) ? Optional.of(s) : Optional.empty();
    }

    private final class DeviceAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            Optional<Session> s = sessionOf(input.getClientInformation().getClientId(), input.getConnectionInformation());
            String topic = input.getPublishPacket().getTopic();
            if (s.isPresent() && TopicPolicy.publishChannel(s.get().deviceId, s.get().rights, topic).isPresent()) {
                output.authorizeSuccessfully();
                return;
            }
            DeviceId id = s.map(x -> x.deviceId).orElse(null);
            LOG.warn("refused publish of device {} to {}", id == null ? "?" : id, printable(topic));
            ctx.metrics().authzFailure(id, "publish");
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, NOT_AUTHORIZED);
        }

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            Optional<Session> s = sessionOf(input.getClientInformation().getClientId(), input.getConnectionInformation());
            String filter = input.getSubscription().getTopicFilter();
            if (s.isPresent() && TopicPolicy.maySubscribe(s.get().deviceId, s.get().rights, filter)) {
                output.authorizeSuccessfully();
                return;
            }
            DeviceId id = s.map(x -> x.deviceId).orElse(null);
            LOG.warn("refused subscription of device {} to {}", id == null ? "?" : id, printable(filter));
            ctx.metrics().authzFailure(id, "subscribe");
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, NOT_AUTHORIZED);
        }
    }

    // ---- inspection, rate limit, durable store ---------------------------------------------------------

    private void inspect(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        boolean qos0 = packet.getQos() == Qos.AT_MOST_ONCE;
        Optional<Session> found = sessionOf(input.getClientInformation().getClientId(), input.getConnectionInformation());
        if (found.isEmpty()) {
            ctx.metrics().authzFailure(null, "publish");
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, NOT_AUTHORIZED);
            return;
        }
        Session s = found.get();
        Optional<ByteBuffer> payload = packet.getPayload();
        int size = payload.map(ByteBuffer::remaining).orElse(0);
        ctx.metrics().message(s.deviceId, size);
        TokenBucket.Take take = buckets.computeIfAbsent(s.deviceId, k -> new TokenBucket(ctx.messagesPerSecond(), ctx.burst(), System::nanoTime)).take();
        if (take != TokenBucket.Take.ALLOWED) {
            ctx.metrics().throttled(s.deviceId);
            if (take == TokenBucket.Take.THROTTLED_NEW_EPISODE) {
                LOG.warn("device {} exceeds {} messages/s (burst {}): dropping its publishes", s.deviceId, ctx.messagesPerSecond(), ctx.burst());
                publishQuietly(new DomainEvent.SecurityEvent(s.deviceId, "rate-limit",
                        "more than " + ctx.messagesPerSecond() + " messages/s (burst " + ctx.burst() + ") from " + s.remoteAddress, ctx.clock().instant()));
            }
            // QoS 0 has no acknowledgement: drop silently. QoS 1/2: negative ack (MQTT 5) or disconnect (MQTT 3).
            output.preventPublishDelivery(qos0 ? AckReasonCode.SUCCESS : AckReasonCode.QUOTA_EXCEEDED, "rate limit exceeded");
            return;
        }
        Optional<String> channel = TopicPolicy.publishChannel(s.deviceId, s.rights, packet.getTopic());
        if (channel.isPresent() && ctx.gate().inspectsPublishes()) {
            byte[] bytes = payload.map(b -> {
                byte[] a = new byte[b.remaining()];
                b.duplicate().get(a);
                return a;
            }).orElse(new byte[0]);
            String relative = packet.getTopic().substring(io.palisade.wire.Topics.prefix(s.deviceId.value()).length());
            Optional<String> refusal;
            try {
                refusal = ctx.gate().refusePublish(s.deviceId, relative, bytes);
            } catch (RuntimeException e) {
                LOG.warn("publish inspection of {} failed; the publish is refused (fail closed)", s.deviceId, e);
                refusal = Optional.of("inspection-failed");
            }
            if (refusal.isPresent()) {
                reject(s, refusal.get(), output, qos0);
                return;
            }
        }
        if (channel.isEmpty() || !TopicPolicy.STORED_CHANNELS.contains(channel.get())) {
            return; // the authorizer decides (and counts a refusal); update/attestation pass through uninspected
        }
        JsonPayloads.Parsed parsed = JsonPayloads.parseObject(payload.orElse(null), ctx.maxPacketBytes());
        if (parsed instanceof JsonPayloads.Parsed.Invalid invalid) {
            reject(s, invalid.reason(), output, qos0);
            return;
        }
        JsonPayloads.Parsed.Ok ok = (JsonPayloads.Parsed.Ok) parsed;
        if (channel.get().equals(Topics.TELEMETRY)) {
            switch (s.schema) {
                case Session.SchemaState.Unusable u -> {
                    reject(s, u.reason(), output, qos0);
                    return;
                }
                case Session.SchemaState.Compiled c -> {
                    Optional<String> violation = c.schema().validate(ok.node());
                    if (violation.isPresent()) {
                        LOG.info("telemetry of {} violates its schema at {}", s.deviceId, violation.get());
                        reject(s, "schema-violation", output, qos0);
                        return;
                    }
                }
                case Session.SchemaState.None n -> {
                    // no schema for this model
                }
            }
        }
        if (!inFlight.tryAcquire()) {
            reject(s, "store-overloaded", output, qos0);
            return;
        }
        TelemetryRecord record = new TelemetryRecord(0, s.deviceId, ctx.clock().instant(), channel.get(), ok.text());
        Async<PublishInboundOutput> async = output.async(STORE_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.UNSPECIFIED_ERROR, "not stored");
        Runnable store = () -> {
            try {
                ctx.sink().store(record);
                ctx.metrics().stored();
            } catch (Throwable t) {
                LOG.warn("storing a {} message of {} failed; the publish is not acknowledged", record.channel(), s.deviceId, t);
                ctx.metrics().rejected(s.deviceId, "store-failed");
                output.preventPublishDelivery(qos0 ? AckReasonCode.SUCCESS : AckReasonCode.UNSPECIFIED_ERROR, "not stored");
            } finally {
                inFlight.release();
                async.resume();
            }
        };
        try {
            ctx.blocking().execute(store);
        } catch (RejectedExecutionException e) {
            inFlight.release();
            ctx.metrics().rejected(s.deviceId, "store-failed");
            output.preventPublishDelivery(qos0 ? AckReasonCode.SUCCESS : AckReasonCode.UNSPECIFIED_ERROR, "not stored");
            async.resume();
        }
    }

    private void reject(Session s, String reason, PublishInboundOutput output, boolean qos0) {
        LOG.info("dropped a publish of {}: {}", s.deviceId, reason);
        ctx.metrics().rejected(s.deviceId, reason);
        output.preventPublishDelivery(qos0 ? AckReasonCode.SUCCESS : AckReasonCode.PAYLOAD_FORMAT_INVALID, "payload refused");
    }

    private void publishQuietly(DomainEvent event) {
        try {
            ctx.blocking().execute(() -> ctx.events().publish(event));
        } catch (RejectedExecutionException e) {
            LOG.warn("could not publish {}", event);
        }
    }

    // ---- lifecycle and live re-evaluation ----------------------------------------------------------------

    private final class Lifecycle implements ClientLifecycleEventListener {
        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {
            // nothing to do before authentication
        }

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
            Optional<Session> s = sessionOf(input.getClientInformation().getClientId(), input.getConnectionInformation());
            if (s.isEmpty()) {
                return;
            }
            Session session = s.get();
            ctx.metrics().connected(session.deviceId, session.remoteAddress);
            try {
                ctx.blocking().execute(() -> {
                    try {
                        ctx.gate().connected(session.deviceId, session.remoteAddress);
                    } catch (RuntimeException e) {
                        LOG.warn("device gate failed to record the connection of {}", session.deviceId, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("shutting down; connection of {} not recorded", session.deviceId);
            }
        }

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            String clientId = input.getClientInformation().getClientId();
            Optional<String> token = input.getConnectionInformation().getConnectionAttributeStore().getAsString(SESSION_ATTRIBUTE);
            if (token.isEmpty()) {
                return; // never authenticated
            }
            Session current = sessions.get(clientId);
            if (current != null && current.token.equals(token.get())) {
                sessions.remove(clientId, current);
                ctx.metrics().disconnected(current.deviceId, false);
            } else if (DeviceId.isValid(clientId)) {
                // an older connection of a device that has since reconnected, or a session already revoked
                ctx.metrics().disconnected(DeviceId.of(clientId), current != null);
            }
        }
    }

    /** Re-evaluates the device's access now (asynchronously) and, if the change lies ahead, again at {@code at}. */
    public void reevaluate(DeviceId id, Optional<Instant> alsoAt, boolean identityLost) {
        submit(() -> reevaluateNow(id, identityLost));
        alsoAt.ifPresent(at -> {
            long delay = Duration.between(ctx.clock().instant(), at).toMillis() + 50;
            if (delay > 50) {
                try {
                    ctx.timer().schedule(() -> submit(() -> reevaluateNow(id, identityLost)), delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    LOG.debug("shutting down; no delayed re-evaluation of {}", id);
                }
            }
        });
    }

    private void submit(Runnable r) {
        try {
            ctx.blocking().execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("shutting down; re-evaluation skipped");
        }
    }

    private void reevaluateNow(DeviceId id, boolean identityLost) {
        Session s = sessions.get(id.value());
        ClientService clients = clientService.get();
        if (clients == null) {
            return;
        }
        if (s == null) {
            if (identityLost) {
                clients.invalidateSession(id.value()); // drop any stored session of a device that lost its identity
            }
            return;
        }
        Access access;
        try {
            access = ctx.gate().access(s.deviceId, s.serial);
        } catch (RuntimeException e) {
            LOG.warn("device gate failed while re-evaluating {}; closing its session (fail closed)", id, e);
            access = new Access.Deny("gate-error");
        }
        if (access instanceof Access.Allow allow && allow.deviceId().equals(s.deviceId)) {
            if (allow.rights() == Access.Rights.QUARANTINE && s.rights == Access.Rights.FULL) {
                // Narrowing: refuse the wider rights at once, then end the session (and its subscriptions) so the
                // device reconnects with quarantine rights only.
                s.rights = Access.Rights.QUARANTINE;
                LOG.warn("device {} is quarantined: closing its session so it reconnects with quarantine rights", id);
                sessions.remove(id.value(), s);
                clients.invalidateSession(id.value());
            } else if (allow.rights() == Access.Rights.FULL && s.rights == Access.Rights.QUARANTINE) {
                s.rights = Access.Rights.FULL; // widening takes effect live
                LOG.info("device {} regained full rights", id);
            }
            return;
        }
        String reason = access instanceof Access.Deny d ? d.reason() : "gate-mismatch";
        LOG.warn("device {} lost access ({}): closing its session", id, reason);
        sessions.remove(id.value(), s);
        ctx.metrics().authFailure(s.deviceId, "revoked-live:" + reason, s.remoteAddress);
        clients.invalidateSession(id.value()).exceptionally(t -> {
            LOG.warn("could not close the session of {}; disconnecting", id, t);
            clients.disconnectClient(id.value(), false, DisconnectReasonCode.NOT_AUTHORIZED, NOT_AUTHORIZED);
            return false;
        });
    }

    /** Publishes a server message (QoS 1) through the broker; fails if the extension has not started. */
    public java.util.concurrent.CompletableFuture<Void> publish(String topic, String json) {
        if (!started) {
            return java.util.concurrent.CompletableFuture.failedFuture(PalisadeException.illegalState("the MQTT broker is not running"));
        }
        return Services.publishService().publish(Builders.publish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build());
    }

    private static String remote(ConnectionInformation connection) {
        return connection.getInetAddress().map(InetAddress::getHostAddress).orElse("unknown");
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
