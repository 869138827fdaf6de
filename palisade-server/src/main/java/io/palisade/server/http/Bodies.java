package io.palisade.server.http;

import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Request-body and parameter helpers shared by the evidence routes. */
public final class Bodies {
    private Bodies() {
    }

    /**
     * The request body, at most {@code max} bytes (documents such as SBOMs and advisories may exceed the API's
     * general 64 KiB limit, so they are streamed with their own bound).
     */
    public static byte[] read(Context ctx, int max) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds " + max + " bytes");
            }
            if (b.length == 0) {
                throw PalisadeException.invalid("request body missing");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    /** A query parameter that must be one of {@code allowed} (first is the default). */
    public static String choice(Context ctx, String name, String... allowed) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return allowed[0];
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw PalisadeException.invalid(name + " must be one of " + String.join(", ", allowed));
    }

    /** A path or query value used as a name: 1-200 printable characters. */
    public static String name(String value, String what) {
        if (value == null || value.isBlank() || value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            throw PalisadeException.invalid(what + " must be 1-200 printable characters");
        }
        return value;
    }
}
