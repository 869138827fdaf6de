package io.palisade.server.fleet;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.identity.RevocationReason;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.CsrPolicy;
import io.palisade.pki.Pem;
import io.palisade.pki.ValidatedCsr;
import io.palisade.server.http.Json;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** /api/v1/devices: registration, certificates, enrollment tokens and the lifecycle of one device. */
public final class DeviceRoutes implements RouteModule {
    private final DeviceRegistry registry;
    private final CertificateAuthority ca;

    public DeviceRoutes(DeviceRegistry registry, CertificateAuthority ca) {
        this.registry = registry;
        this.ca = ca;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/devices", this::create);
        app.get("/api/v1/devices", this::list);
        app.get("/api/v1/devices/{id}", ctx -> {
            DeviceId id = Params.deviceId(ctx);
            ctx.json(new Dto.DeviceDetailView(Dto.DeviceView.of(registry.device(id)),
                    registry.certificates(id).stream().map(Dto.CertificateView::of).toList()));
        });
        app.get("/api/v1/devices/{id}/certificates", ctx -> ctx.json(registry.certificates(Params.deviceId(ctx)).stream().map(Dto.CertificateView::of).toList()));
        app.post("/api/v1/devices/{id}/certificate", this::signCsr);
        app.post("/api/v1/devices/{id}/enrollment-token", this::token);
        app.post("/api/v1/devices/{id}/revoke", ctx -> ctx.json(Dto.DeviceView.of(registry.revoke(Params.actor(ctx), Params.deviceId(ctx), reason(ctx)))));
        app.post("/api/v1/devices/{id}/quarantine", ctx -> ctx.json(Dto.DeviceView.of(registry.quarantine(Params.actor(ctx), Params.deviceId(ctx), optionalReason(ctx)))));
        app.post("/api/v1/devices/{id}/release", ctx -> ctx.json(Dto.DeviceView.of(registry.release(Params.actor(ctx), Params.deviceId(ctx)))));
        app.post("/api/v1/devices/{id}/decommission", ctx -> ctx.json(Dto.DeviceView.of(registry.decommission(Params.actor(ctx), Params.deviceId(ctx)))));
        app.post("/api/v1/devices/{id}/transfer", ctx -> {
            Dto.TransferRequest r = Json.body(ctx, Dto.TransferRequest.class);
            ctx.json(Dto.DeviceView.of(registry.transfer(Params.actor(ctx), Params.deviceId(ctx), r.owner())));
        });
        app.post("/api/v1/devices/{id}/erase-data", ctx -> ctx.json(Map.of("device", Params.deviceId(ctx).value(), "erased",
                registry.eraseData(Params.actor(ctx), Params.deviceId(ctx)))));
    }

    private void create(Context ctx) {
        Dto.DeviceRequest r = Json.body(ctx, Dto.DeviceRequest.class);
        if (r.model() == null) {
            throw PalisadeException.invalid("field 'model' is required");
        }
        DeviceId id = DeviceId.of(r.id());
        ValidatedCsr csr = r.csr() == null ? null : CsrPolicy.validate(r.csr().getBytes(StandardCharsets.US_ASCII), id);
        DeviceRegistry.Created c = registry.create(Params.actor(ctx), id, r.model(), r.owner(), r.firmware(), csr == null ? null : csr.publicKey());
        ctx.status(201).json(enrolled(c.device(), c.certificate()));
    }

    private void signCsr(Context ctx) {
        DeviceId id = Params.deviceId(ctx);
        Dto.CsrRequest r = Json.body(ctx, Dto.CsrRequest.class);
        if (r.csr() == null) {
            throw PalisadeException.invalid("field 'csr' (PEM PKCS#10) is required");
        }
        ValidatedCsr csr = CsrPolicy.validate(r.csr().getBytes(StandardCharsets.US_ASCII), id);
        X509Certificate cert = registry.enroll(Params.actor(ctx), id, csr.publicKey());
        ctx.status(201).json(enrolled(registry.device(id), cert));
    }

    private Dto.EnrolledView enrolled(Device d, X509Certificate cert) {
        return new Dto.EnrolledView(Dto.DeviceView.of(d),
                cert == null ? null : Pem.certificates(List.of(cert, ca.issuingCertificate())),
                Pem.certificate(ca.rootCertificate()));
    }

    private void list(Context ctx) {
        String model = ctx.queryParam("model");
        String state = ctx.queryParam("state");
        ctx.json(registry.devices().stream()
                .filter(d -> model == null || d.model().equals(model))
                .filter(d -> state == null || d.state().label().equalsIgnoreCase(state))
                .map(Dto.DeviceView::of).toList());
    }

    private void token(Context ctx) {
        DeviceId id = Params.deviceId(ctx);
        Duration ttl = DeviceRegistry.DEFAULT_TOKEN_TTL;
        if (ctx.bodyAsBytes().length > 0) {
            Dto.TokenRequest r = Json.body(ctx, Dto.TokenRequest.class);
            if (r.ttlMinutes() != null) {
                if (r.ttlMinutes() < 1 || r.ttlMinutes() > 43200) {
                    throw PalisadeException.invalid("ttlMinutes must be between 1 and 43200 (30 days)");
                }
                ttl = Duration.ofMinutes(r.ttlMinutes());
            }
        }
        String secret = registry.issueEnrollmentToken(Params.actor(ctx), id, ttl);
        ctx.status(201).json(new Dto.TokenView(id.value(), secret, registry.clock().instant().plus(ttl)));
    }

    private static RevocationReason reason(Context ctx) {
        String r = optionalReason(ctx);
        if (r == null) {
            return RevocationReason.UNSPECIFIED;
        }
        try {
            return RevocationReason.valueOf(r.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("unknown revocation reason '" + Params.truncate(r, 40)
                    + "': use unspecified, key-compromise, affiliation-changed, superseded or cessation-of-operation");
        }
    }

    private static String optionalReason(Context ctx) {
        if (ctx.bodyAsBytes().length == 0) {
            return null;
        }
        String r = Json.body(ctx, Dto.ReasonRequest.class).reason();
        if (r != null && (r.length() > 200 || r.chars().anyMatch(Character::isISOControl))) {
            throw PalisadeException.invalid("reason must be at most 200 printable characters");
        }
        return r;
    }
}
