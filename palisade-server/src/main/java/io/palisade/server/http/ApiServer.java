package io.palisade.server.http;

import io.javalin.Javalin;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face: one Javalin app serving every {@link RouteModule}, with bearer-token authentication on every
 * route except those a module declares public (deny by default), RFC 9457 problems for every error, and a 64 KiB
 * request limit.
 */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final long MAX_REQUEST_BYTES = 64 * 1024;

    /** Builds the connectors given the Jetty server (HTTPS and the loopback HTTP listener). */
    public interface Connectors {
        List<Connector> create(org.eclipse.jetty.server.Server server, org.eclipse.jetty.server.HttpConfiguration http);
    }

    private ApiServer() {
    }

    public static Javalin create(ApiAuthenticator auth, List<RouteModule> modules, Connectors connectors) {
        List<RouteModule> all = List.copyOf(modules);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.modifyServer(server -> {
                for (Connector c : connectors.create(server, new org.eclipse.jetty.server.HttpConfiguration())) {
                    server.addConnector(c);
                }
            });
        });
        app.before(ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            if (!isPublic(all, ctx.path())) {
                auth.authenticate(ctx);
            }
        });
        app.exception(PalisadeException.class, (e, ctx) -> {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                ctx.header("WWW-Authenticate", ctx.path().startsWith("/.well-known/est/") ? "Basic realm=\"palisade-est\"" : "Bearer realm=\"palisade\"");
            }
            Problems.write(ctx, e.code(), e.getMessage());
        });
        app.exception(ContentTooLargeResponse.class, (e, ctx) -> Problems.write(ctx, ErrorCode.PAYLOAD_TOO_LARGE,
                "request body exceeds " + MAX_REQUEST_BYTES + " bytes"));
        app.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx, e.getStatus(), "about:blank",
                e.getMessage(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Problems.write(ctx, ErrorCode.INTERNAL, "unexpected server error; see the server log");
        });
        app.error(404, ctx -> {
            if (!ctx.res().isCommitted() && (ctx.result() == null || ctx.result().isEmpty())) {
                Problems.write(ctx, ErrorCode.NOT_FOUND, "no such resource: " + ctx.path());
            }
        });
        app.error(405, ctx -> Problems.write(ctx, 405, "about:blank", "Method not allowed", "method " + ctx.method() + " not allowed on " + ctx.path()));
        for (RouteModule m : all) {
            m.register(app);
        }
        return app;
    }

    /** A path is served without a bearer token only if a module declares it public. */
    static boolean isPublic(List<RouteModule> modules, String path) {
        for (RouteModule m : modules) {
            for (String p : m.publicPrefixes()) {
                if (p.endsWith("/") ? path.startsWith(p) : path.equals(p)) {
                    return true;
                }
            }
        }
        return false;
    }
}
