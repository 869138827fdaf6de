package io.palisade.server.http;

import io.javalin.http.Context;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Path and query parameters in the API's terms, each with a clear error. */
public final class Params {
    private Params() {
    }

    /** Who is calling: "token:<id>" for an authenticated API caller. */
    public static String actor(Context ctx) {
        String a = ctx.attribute(ApiAuthenticator.ACTOR);
        return a == null ? "anonymous" : a;
    }

    /** The {id} path parameter as a device id. */
    public static DeviceId deviceId(Context ctx) {
        return DeviceId.of(ctx.pathParam("id"));
    }

    public static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            long l = Long.parseLong(v);
            if (l < min || l > max) {
                throw PalisadeException.invalid(name + " must be between " + min + " and " + max);
            }
            return l;
        } catch (NumberFormatException e) {
            throw PalisadeException.invalid(name + " must be an integer");
        }
    }

    public static Instant instantParam(Context ctx, String name, Instant dflt) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw PalisadeException.invalid(name + " must be an ISO-8601 instant such as 2026-11-22T04:00:00Z");
        }
    }

    public static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }
}
