package io.palisade.server.update;

import io.palisade.tuf.repo.OnlineKeysJson;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.Access;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.Chains;
import io.palisade.server.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware and the update repository: operators manage keys and publish images over the bearer-token API; devices
 * fetch TUF metadata and images at {@code /tuf/metadata/} and {@code /tuf/targets/} over HTTPS with their own
 * certificate (mutual TLS; a device that may not hold a session may not download either).
 */
public final class FirmwareRoutes implements RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareRoutes.class);
    private final UpdateRepository repo;
    private final FirmwareCatalog catalog;
    private final DeviceRegistry registry;
    private final CertificateAuthority ca;

    public FirmwareRoutes(UpdateRepository repo, FirmwareCatalog catalog, DeviceRegistry registry, CertificateAuthority ca) {
        this.repo = repo;
        this.catalog = catalog;
        this.registry = registry;
        this.ca = ca;
    }

    public record RotateRequest(String role) {
    }

    @Override
    public List<String> publicPrefixes() {
        return List.of("/tuf/");
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/firmware/keys/online", ctx -> ctx.contentType("application/json").result(OnlineKeysJson.write(repo.onlineRoles())));
        app.post("/api/v1/firmware/keys/rotate", ctx -> ctx.contentType("application/json").result(OnlineKeysJson.write(
                repo.rotateOnlineKey(Params.actor(ctx), Json.body(ctx, RotateRequest.class).role()))));
        app.get("/api/v1/firmware/root", ctx -> ctx.contentType("application/json").result(repo.rootBytes()));
        app.put("/api/v1/firmware/root", ctx -> ctx.json(repo.installRoot(Params.actor(ctx), read(ctx, 512 * 1024))));
        app.get("/api/v1/firmware/repository", ctx -> ctx.json(repo.status().map(s -> (Object) s)
                .orElse(Map.of("initialized", false, "hint", "run 'palisade firmware keys init'"))));
        app.get("/api/v1/firmware", ctx -> ctx.json(catalog.list(ctx.queryParam("model"))));
        app.put("/api/v1/firmware/{model}/{version}/sbom-target", ctx -> {
            registry.model(ctx.pathParam("model"));
            ctx.json(Map.of("target", repo.publishSbom(Params.actor(ctx), ctx.pathParam("model"), ctx.pathParam("version"), read(ctx, 16 * 1024 * 1024))));
        });
        app.post("/api/v1/firmware/{model}/{version}", this::publish);
        app.get("/tuf/metadata/{file}", ctx -> {
            requireDevice(ctx);
            RepositoryFiles.serve(ctx, repo.directory().resolve("metadata"), ctx.pathParam("file"), "application/json");
        });
        app.get("/tuf/targets/<path>", ctx -> {
            requireDevice(ctx);
            RepositoryFiles.serve(ctx, repo.directory().resolve("targets"), ctx.pathParam("path"), "application/octet-stream");
        });
    }

    private void publish(Context ctx) throws IOException {
        String model = ctx.pathParam("model");
        registry.model(model);
        String file = ctx.queryParam("file");
        boolean security = "true".equals(ctx.queryParam("securityUpdate"));
        boolean sbom = "true".equals(ctx.queryParam("sbom"));
        if (catalog.find(model, ctx.pathParam("version")).isPresent()) {
            throw PalisadeException.conflict("firmware " + ctx.pathParam("version") + " of " + model + " is already published");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ctx.status(201).json(repo.publish(Params.actor(ctx), model, ctx.pathParam("version"), file == null ? "firmware.bin" : file, in,
                    ctx.queryParam("hardware"), security, sbom));
        }
    }

    /** Only a device holding a valid, unrevoked Palisade certificate (presented in the TLS handshake) may fetch. */
    private void requireDevice(Context ctx) {
        if (!"https".equalsIgnoreCase(ctx.scheme())) {
            throw new PalisadeException(ErrorCode.FORBIDDEN, "the update repository is only served over HTTPS with a device certificate");
        }
        Object o = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (!(o instanceof X509Certificate[] chain) || chain.length == 0) {
            throw PalisadeException.unauthorized("present your device certificate (mutual TLS) to fetch updates");
        }
        Chains.Validated v = Chains.validate(chain, List.of(ca.issuingCertificate(), ca.rootCertificate()), registry.clock().instant());
        DeviceId id = Chains.deviceIdOf(v.leaf()).orElseThrow(() -> PalisadeException.unauthorized("certificate carries no device id"));
        Access a = registry.access(id, v.leaf().getSerialNumber());
        if (!a.allowed()) {
            LOG.info("update download refused for {}: {}", id, ((Access.Deny) a).reason());
            throw new PalisadeException(ErrorCode.FORBIDDEN, "this device may not fetch updates");
        }
    }

    static byte[] read(Context ctx, int max) throws IOException {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds " + max + " bytes");
            }
            return b;
        }
    }
}
