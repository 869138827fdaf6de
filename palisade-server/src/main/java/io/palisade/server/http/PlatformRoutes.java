package io.palisade.server.http;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The platform's own resources: /health (public), the OpenAPI document and Prometheus metrics. */
public final class PlatformRoutes implements RouteModule {
    private final PrometheusMeterRegistry prometheus;

    public PlatformRoutes(PrometheusMeterRegistry prometheus) {
        this.prometheus = prometheus;
    }

    @Override
    public void register(Javalin app) {
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/openapi.json", ctx -> {
            try (InputStream in = PlatformRoutes.class.getResourceAsStream("/openapi.json")) {
                ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(prometheus.scrape()));
    }

    @Override
    public List<String> publicPrefixes() {
        return List.of("/health");
    }
}
