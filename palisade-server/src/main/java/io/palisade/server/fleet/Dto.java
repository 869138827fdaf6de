package io.palisade.server.fleet;

import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.identity.CertificateRecord;
import io.palisade.core.identity.ManufacturerAnchor;
import java.time.Instant;

/** Request and response bodies of the REST API (see openapi.json). */
public final class Dto {
    private Dto() {
    }

    public record ModelRequest(String name, String manufacturer, String supportUntil, String mudUrl, String profile) {
    }

    public record DeviceRequest(String id, String model, String owner, String firmware, String csr) {
    }

    public record TokenRequest(Integer ttlMinutes) {
    }

    public record CsrRequest(String csr) {
    }

    public record ReasonRequest(String reason) {
    }

    public record TransferRequest(String owner) {
    }

    public record ManufacturerRequest(String name, String ca) {
    }

    public record ModelView(String name, String manufacturer, String supportUntil, String mudUrl, String profile, Instant createdAt) {
        static ModelView of(DeviceModel m) {
            return new ModelView(m.name(), m.manufacturer(), m.supportUntil().toString(), m.mudUrl(), m.profile().label(), m.createdAt());
        }
    }

    public record DeviceView(String id, String model, String state, String owner, String firmware, Instant createdAt, Instant updatedAt) {
        static DeviceView of(Device d) {
            return new DeviceView(d.id().value(), d.model(), d.state().label(), d.owner(), d.firmware(), d.createdAt(), d.updatedAt());
        }
    }

    public record CertificateView(String serial, String keyFingerprint, Instant notBefore, Instant notAfter, String status,
            Instant revokedAt, String reason) {
        static CertificateView of(CertificateRecord c) {
            return new CertificateView(c.serialHex(), c.keyFingerprint(), c.notBefore(), c.notAfter(),
                    c.status().name().toLowerCase(java.util.Locale.ROOT), c.revokedAt(),
                    c.reason() == null ? null : c.reason().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A device with its certificate chain (leaf + issuing CA, PEM) and the platform root (PEM). */
    public record EnrolledView(DeviceView device, String certificate, String caCertificate) {
    }

    public record DeviceDetailView(DeviceView device, java.util.List<CertificateView> certificates) {
    }

    public record TokenView(String deviceId, String token, Instant expiresAt) {
    }

    public record ManufacturerView(String name, String fingerprint, Instant addedAt) {
        static ManufacturerView of(ManufacturerAnchor a) {
            return new ManufacturerView(a.name(), a.fingerprint(), a.addedAt());
        }
    }

    public record CaView(String root, String issuing) {
    }

    public record TelemetryView(long id, String deviceId, Instant receivedAt, String channel, com.fasterxml.jackson.databind.JsonNode payload) {
    }
}
