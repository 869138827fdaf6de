package io.palisade.conformity.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.nio.charset.StandardCharsets;

/** JSON of any result record of this library (ISO-8601 timestamps, pretty-printed, UTF-8). */
public final class JsonReport {
    private static final ObjectMapper JSON = mapper();

    private JsonReport() {
    }

    /** The mapper used for result records: Java time as ISO strings. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static String write(Object result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "cannot serialize " + result.getClass().getSimpleName(), e);
        }
    }

    public static byte[] writeBytes(Object result) {
        return write(result).getBytes(StandardCharsets.UTF_8);
    }
}
