package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;
import io.palisade.tuf.firmware.FirmwareCustom;
import io.palisade.tuf.metadata.TargetFile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target listed by the repository.
 *
 * @param path       TUF target path, e.g. {@code acme-plug/1.4.2/fw.bin}
 * @param length     length in bytes
 * @param hashes     sha256 and sha512, lowercase hex
 * @param customJson the {@code custom} object as canonical JSON, when present
 * @param file       where the bytes are, relative to the repository directory
 *                   ({@code targets/acme-plug/1.4.2/<sha256>.fw.bin})
 */
public record TargetEntry(String path, long length, Map<String, String> hashes, Optional<String> customJson, String file) {
    public TargetEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(customJson, "customJson");
        Objects.requireNonNull(file, "file");
        hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
        if (!hashes.containsKey("sha256")) {
            throw new IllegalArgumentException("a target needs a sha256 hash");
        }
    }

    static TargetEntry of(TargetFile t) {
        return new TargetEntry(t.path(), t.length(), t.hashes(), t.customJson(), storedFile(t.path(), t.hashes().get("sha256")));
    }

    /** {@code targets/<dirs>/<sha256>.<name>}: the consistent-snapshot name a client downloads. */
    static String storedFile(String path, String sha256) {
        int slash = path.lastIndexOf('/');
        return "targets/" + path.substring(0, slash + 1) + sha256 + "." + path.substring(slash + 1);
    }

    /** The firmware description, when the custom object carries one. */
    public Optional<FirmwareCustom> firmware() {
        if (customJson.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(FirmwareCustom.parse(customJson.get()));
        } catch (TufException e) {
            return Optional.empty();
        }
    }
}
