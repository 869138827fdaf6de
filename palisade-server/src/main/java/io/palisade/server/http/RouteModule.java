package io.palisade.server.http;

import io.javalin.Javalin;
import java.util.List;

/**
 * The routes of one resource (devices, models, alerts, rollouts, ...). A module translates HTTP to its service
 * and back; the API server applies authentication, limits and error mapping to all of them. A module lists the
 * paths it serves without a bearer token (its own authentication, e.g. device mTLS or EST) in
 * {@link #publicPrefixes}: a prefix ending in '/' covers the subtree, any other is one exact path.
 */
public interface RouteModule {
    void register(Javalin app);

    default List<String> publicPrefixes() {
        return List.of();
    }
}
