package io.palisade.device.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.core.version.FirmwareVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The update command {@code {"rollout":"ro-…","target":"acme-plug/1.4.2/fw.bin","version":"1.4.2"}}.
 *
 * @param rollout rollout id, 1-128 characters of {@code [A-Za-z0-9._:-]}
 * @param target  TUF target path
 * @param version the firmware version the target must carry
 */
public record UpdateCommand(String rollout, String target, String version) {
    public static final int MAX_BYTES = 4096;
    private static final Pattern ROLLOUT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,99}(/[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,99}){0,7}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public UpdateCommand {
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        if (!ROLLOUT.matcher(rollout).matches()) {
            throw new IllegalArgumentException("rollout must be 1-128 characters of letters, digits, '.', '_', ':', '-'");
        }
        if (target.length() > 200 || !TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("target must be a relative TUF target path such as acme-plug/1.4.2/fw.bin");
        }
        FirmwareVersion.parse(version);
    }

    /** Parses a command payload; {@link IllegalArgumentException} with a clear message when it is not one. */
    public static UpdateCommand parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new IllegalArgumentException("empty update command");
        }
        if (payload.length > MAX_BYTES) {
            throw new IllegalArgumentException("update command larger than " + MAX_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("update command is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("update command must be a JSON object");
        }
        return new UpdateCommand(text(n, "rollout"), text(n, "target"), text(n, "version"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("update command: '" + field + "' must be a string");
        }
        return v.textValue();
    }

    public String toJson() {
        return JSON.createObjectNode().put("rollout", rollout).put("target", target).put("version", version).toString();
    }
}
