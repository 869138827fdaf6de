package io.palisade.tuf.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.core.version.FirmwareRange;
import io.palisade.core.version.FirmwareVersion;
import io.palisade.tuf.TufException;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The firmware description in a target's {@code custom} object:
 * {@code {"model":"acme-plug","version":"1.4.2","hardware":">=1.0,<3.0","securityUpdate":true,"sbom":"acme-plug/1.4.2/bom.json"}}.
 *
 * @param model          device model the image is built for (1-64 characters of {@code [A-Za-z0-9._ -]})
 * @param version        firmware version of the image
 * @param hardware       hardware revisions the image supports
 * @param securityUpdate whether the release fixes a vulnerability
 * @param sbom           target path of the image's SBOM, when published
 */
public record FirmwareCustom(String model, FirmwareVersion version, FirmwareRange hardware, boolean securityUpdate,
                             Optional<String> sbom) {
    public static final int MAX_JSON_LENGTH = 8 * 1024;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._ -]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public FirmwareCustom {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(sbom, "sbom");
        if (!MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("model must be 1-64 characters of letters, digits, '.', '_', '-', ' '");
        }
        if (sbom.isPresent() && (sbom.get().isEmpty() || sbom.get().length() > 512)) {
            throw new IllegalArgumentException("sbom must be a target path of 1-512 characters");
        }
    }

    public static FirmwareCustom of(String model, String version, String hardware, boolean securityUpdate) {
        return new FirmwareCustom(model, FirmwareVersion.parse(version), FirmwareRange.parse(hardware), securityUpdate,
                Optional.empty());
    }

    public FirmwareCustom withSbom(String sbomTargetPath) {
        return new FirmwareCustom(model, version, hardware, securityUpdate, Optional.of(sbomTargetPath));
    }

    /** True when this image is meant for {@code deviceModel} with hardware revision {@code hardwareRevision}. */
    public boolean fits(String deviceModel, FirmwareVersion hardwareRevision) {
        return model.equals(deviceModel) && hardware.contains(hardwareRevision);
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("model", model);
        n.put("version", version.text());
        n.put("hardware", hardware.text());
        n.put("securityUpdate", securityUpdate);
        sbom.ifPresent(s -> n.put("sbom", s));
        return n;
    }

    /** Reads the firmware fields of a custom object (other fields are ignored); fails when one is missing or bad. */
    public static FirmwareCustom fromJson(JsonNode n) throws TufException {
        if (n == null || !n.isObject()) {
            throw new TufException("target custom metadata must be an object");
        }
        try {
            String model = text(n, "model");
            String version = text(n, "version");
            String hardware = n.has("hardware") ? text(n, "hardware") : "*";
            JsonNode su = n.get("securityUpdate");
            if (su != null && !su.isBoolean()) {
                throw new TufException("target custom metadata: 'securityUpdate' must be a boolean");
            }
            Optional<String> sbom = n.has("sbom") ? Optional.of(text(n, "sbom")) : Optional.empty();
            return new FirmwareCustom(model, FirmwareVersion.parse(version), FirmwareRange.parse(hardware),
                    su != null && su.booleanValue(), sbom);
        } catch (IllegalArgumentException e) {
            throw new TufException("target custom metadata: " + e.getMessage(), e);
        }
    }

    /** Parses the custom JSON text of a target ({@link io.palisade.tuf.metadata.TargetFile#customJson()}). */
    public static FirmwareCustom parse(String customJson) throws TufException {
        Objects.requireNonNull(customJson, "customJson");
        if (customJson.length() > MAX_JSON_LENGTH) {
            throw new TufException("target custom metadata longer than " + MAX_JSON_LENGTH + " characters");
        }
        JsonNode n;
        try {
            n = JSON.readTree(customJson);
        } catch (java.io.IOException e) {
            throw new TufException("target custom metadata is not valid JSON", e);
        }
        return fromJson(n);
    }

    private static String text(JsonNode n, String field) throws TufException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new TufException("target custom metadata: '" + field + "' must be a string");
        }
        return v.textValue();
    }
}
