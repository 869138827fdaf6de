package io.palisade.attest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reference values for one firmware build: the SHA-256 PCR values a device of {@code model} running {@code version}
 * reports after a measured boot. JSON form (for TUF targets custom metadata, key {@code "measurements"}):
 *
 * <pre>{"model":"gw-200","version":"1.4.0","pcrs":{"0":"9ef8...","7":"0000..."}}</pre>
 *
 * PCR indexes 0..23; digests are 64 lowercase hex characters.
 */
public record FirmwareMeasurements(String model, String version, Map<Integer, String> pcrs) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @JsonCreator
    public FirmwareMeasurements(@JsonProperty(value = "model", required = true) String model,
            @JsonProperty(value = "version", required = true) String version,
            @JsonProperty(value = "pcrs", required = true) Map<Integer, String> pcrs) {
        if (model == null || !NAME.matcher(model).matches()) {
            throw new IllegalArgumentException("model must be 1-64 characters from A-Z a-z 0-9 . _ + -");
        }
        if (version == null || !NAME.matcher(version).matches()) {
            throw new IllegalArgumentException("version must be 1-64 characters from A-Z a-z 0-9 . _ + -");
        }
        if (pcrs == null || pcrs.isEmpty()) {
            throw new IllegalArgumentException("at least one PCR reference value is required");
        }
        TreeMap<Integer, String> copy = new TreeMap<>();
        for (Map.Entry<Integer, String> e : pcrs.entrySet()) {
            Integer pcr = e.getKey();
            if (pcr == null || pcr < 0 || pcr > 23) {
                throw new IllegalArgumentException("PCR index must be 0..23, got " + pcr);
            }
            String v = e.getValue() == null ? null : e.getValue().toLowerCase(Locale.ROOT);
            if (v == null || !SHA256.matcher(v).matches()) {
                throw new IllegalArgumentException("PCR " + pcr + " must be a SHA-256 digest (64 hex characters)");
            }
            copy.put(pcr, v);
        }
        this.model = model;
        this.version = version;
        this.pcrs = Collections.unmodifiableMap(copy);
    }

    /** From binary PCR values (e.g. an event-log replay). */
    public static FirmwareMeasurements of(String model, String version, Map<Integer, byte[]> values) {
        TreeMap<Integer, String> hex = new TreeMap<>();
        values.forEach((k, v) -> hex.put(k, HexFormat.of().formatHex(v)));
        return new FirmwareMeasurements(model, version, hex);
    }

    public byte[] pcr(int index) {
        String v = pcrs.get(index);
        return v == null ? null : HexFormat.of().parseHex(v);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the JSON form strictly (unknown fields refused). */
    public static FirmwareMeasurements fromJson(String json) {
        if (json == null || json.length() > 16 * 1024) {
            throw new IllegalArgumentException("firmware measurements JSON missing or larger than 16 KiB");
        }
        try {
            return JSON.readValue(json, FirmwareMeasurements.class);
        } catch (JsonProcessingException e) {
            Throwable c = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("invalid firmware measurements: " + c.getMessage(), e);
        }
    }

    public String label() {
        return model + " " + version;
    }
}
