package io.palisade.server.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.palisade.core.PalisadeException;

/** The one JSON configuration of the API and CLI. Unknown request fields are an error. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {
    }

    public static <T> T body(Context ctx, Class<T> type) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw PalisadeException.invalid("request body missing: send a JSON object");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw PalisadeException.invalid("request body must be a JSON object");
            }
            return value;
        } catch (PalisadeException e) {
            throw e;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw PalisadeException.invalid("unknown field '" + e.getPropertyName() + "' in request body");
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable c = e.getCause();
            throw PalisadeException.invalid(c instanceof PalisadeException p ? p.getMessage() : "invalid request body: " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw PalisadeException.invalid("request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        String l = i < 0 ? s : s.substring(0, i);
        return l.length() > 200 ? l.substring(0, 200) : l;
    }
}
