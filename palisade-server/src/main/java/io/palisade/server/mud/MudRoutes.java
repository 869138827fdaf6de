package io.palisade.server.mud;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.mud.net.IpAddress;
import io.palisade.server.http.Json;
import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import io.palisade.server.support.Records;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** /api/v1/mud, /gateway/flows, /models/{name}/mud and device address bindings: the MUD manager's HTTP face. */
public final class MudRoutes implements RouteModule {
    static final int MAX_IMPORT_BYTES = MudService.MAX_IMPORT_BYTES;
    static final int MAX_FLOW_BYTES = MudService.MAX_FLOW_BYTES;
    private final MudService mud;

    public MudRoutes(MudService mud) {
        this.mud = mud;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/mud/signers", ctx -> ctx.status(201).json(mud.addSigner(Params.actor(ctx), ctx.body())));
        app.get("/api/v1/mud/signers", ctx -> ctx.json(mud.signers()));
        app.post("/api/v1/mud/import", this::importRoute);
        app.put("/api/v1/mud/site", ctx -> {
            mud.setSite(Params.actor(ctx), ctx.bodyAsBytes());
            ctx.json(Map.of("status", "site description stored"));
        });
        app.get("/api/v1/mud/site", ctx -> ctx.contentType("application/json").result(mud.siteJson()));
        app.put("/api/v1/devices/{id}/address", ctx -> {
            MudService.BindingRequest b = Json.body(ctx, MudService.BindingRequest.class);
            mud.bind(Params.actor(ctx), DeviceId.of(ctx.pathParam("id")), b.ip());
            ctx.json(Map.of("device", ctx.pathParam("id"), "ip", IpAddress.parse(b.ip()).orElseThrow().toString()));
        });
        app.post("/api/v1/gateway/flows", ctx -> {
            String body = new String(readLimited(ctx, MAX_FLOW_BYTES), StandardCharsets.UTF_8);
            List<MudService.FlowVerdict> v = mud.judge(body);
            ctx.json(Map.of("verdicts", v, "denied", v.stream().filter(x -> "deny".equals(x.verdict())).count(),
                    "errors", v.stream().filter(x -> x.error() != null).count()));
        });
        app.get("/api/v1/models/{name}/mud", ctx -> ctx.json(mud.profileView(ctx.pathParam("name"), "true".equals(ctx.queryParam("content")))));
        app.get("/api/v1/models/{name}/mud/nft", ctx -> ctx.contentType("text/plain; charset=utf-8")
                .result(mud.nft(ctx.pathParam("name"), ctx.queryParam("deviceIp"))));
    }

    private void importRoute(Context ctx) throws IOException {
        byte[] body = readLimited(ctx, MAX_IMPORT_BYTES * 2);
        MudService.ImportRequest r;
        try {
            r = Records.MAPPER.readValue(body, MudService.ImportRequest.class);
        } catch (IOException e) {
            throw PalisadeException.invalid("body must be JSON: {\"mud\": base64, \"signature\": base64, \"source\", \"model\", \"override\"}");
        }
        if (r == null || r.mud() == null) {
            throw PalisadeException.invalid("field 'mud' (the MUD file, base64) is required");
        }
        byte[] file;
        byte[] sig;
        try {
            file = Base64.getDecoder().decode(r.mud());
            sig = r.signature() == null ? null : Base64.getDecoder().decode(r.signature());
        } catch (IllegalArgumentException e) {
            throw PalisadeException.invalid("'mud' and 'signature' must be base64");
        }
        MudService.StoredProfile p = mud.importProfile(Params.actor(ctx), file, sig, r.source(), r.model(), r.override());
        ctx.status(201).json(Map.of("model", p.model(), "profile", p.summary()));
    }

    /** Reads a request body up to {@code max} bytes (these routes take more than the API's default 64 KiB). */
    static byte[] readLimited(Context ctx, int max) throws IOException {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds " + max + " bytes");
            }
            return b;
        }
    }
}
