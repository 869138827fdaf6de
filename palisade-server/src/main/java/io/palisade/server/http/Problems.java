package io.palisade.server.http;

import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem details. */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    public static void write(Context ctx, ErrorCode code, String detail) {
        write(ctx, code.httpStatus(), "urn:palisade:problem:" + code.slug(), title(code), detail);
    }

    public static void write(Context ctx, int status, String type, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.path());
        ctx.status(status);
        ctx.json(body);
        ctx.contentType(CONTENT_TYPE);
    }

    static String title(ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT -> "Invalid input";
            case UNAUTHORIZED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case ILLEGAL_TRANSITION -> "Illegal lifecycle transition";
            case PAYLOAD_TOO_LARGE -> "Payload too large";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
            case RATE_LIMITED -> "Too many requests";
            case INTERNAL -> "Internal error";
        };
    }
}
