package io.palisade.server.fleet;

import io.javalin.Javalin;
import io.palisade.core.PalisadeException;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.Chains;
import io.palisade.pki.Pem;
import io.palisade.server.http.Json;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import java.security.cert.X509Certificate;

/** /api/v1/manufacturers (IDevID trust anchors for EST) and /api/v1/ca (the platform's CA certificates). */
public final class ManufacturerRoutes implements RouteModule {
    private final DeviceRegistry registry;
    private final CertificateAuthority ca;

    public ManufacturerRoutes(DeviceRegistry registry, CertificateAuthority ca) {
        this.registry = registry;
        this.ca = ca;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/manufacturers", ctx -> {
            Dto.ManufacturerRequest r = Json.body(ctx, Dto.ManufacturerRequest.class);
            if (r.ca() == null) {
                throw PalisadeException.invalid("field 'ca' (PEM CA certificate) is required");
            }
            X509Certificate anchor = Chains.parseTrustAnchor(r.ca(), registry.clock().instant());
            ctx.status(201).json(Dto.ManufacturerView.of(registry.trustManufacturer(Params.actor(ctx), r.name(), Chains.fingerprint(anchor), Pem.certificate(anchor))));
        });
        app.get("/api/v1/manufacturers", ctx -> ctx.json(registry.manufacturers().stream().map(Dto.ManufacturerView::of).toList()));
        app.post("/api/v1/manufacturers/{fingerprint}/revoke", ctx -> ctx.json(Dto.ManufacturerView.of(
                registry.revokeManufacturer(Params.actor(ctx), ctx.pathParam("fingerprint")))));
        app.get("/api/v1/ca", ctx -> ctx.json(new Dto.CaView(Pem.certificate(ca.rootCertificate()), Pem.certificate(ca.issuingCertificate()))));
    }
}
