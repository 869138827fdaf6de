package io.palisade.tuf.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.tuf.TufException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The offline root keys and the root threshold, for an operator's machine. A key directory holds
 * {@code root-key-<i>.pem} (0600, PKCS#8, encrypted with the passphrase when one is given) and
 * {@code root-keys.json} ({@code {"threshold":2,"keyids":[...]}}, public). Keep this directory away from the server.
 */
public record RootKeys(List<SigningKey> keys, int threshold) {
    public static final int MAX_KEYS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    public RootKeys {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("root needs 1 to " + MAX_KEYS + " keys");
        }
        if (threshold < 1 || threshold > keys.size()) {
            throw new IllegalArgumentException("root threshold must be between 1 and the number of root keys");
        }
        if (keys.stream().map(SigningKey::keyId).distinct().count() != keys.size()) {
            throw new IllegalArgumentException("duplicate root key");
        }
    }

    /** The public role definition to list in root. */
    public RoleKeys publicRole() {
        return new RoleKeys(keys.stream().map(SigningKey::publicKey).toList(), threshold);
    }

    /** Only the first {@code n} keys (e.g. the keys one operator meeting has at hand), same threshold. */
    public List<SigningKey> firstKeys(int n) {
        return keys.subList(0, Math.min(n, keys.size()));
    }

    /** Generates {@code n} new root keys and writes them to {@code dir} (which must not hold root keys yet). */
    public static RootKeys generate(Path dir, int n, int threshold, KeyType type, char[] passphrase) throws TufException {
        if (Files.exists(dir.resolve("root-keys.json"))) {
            throw new TufException("refusing to overwrite the root keys in " + dir);
        }
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < n && i < MAX_KEYS; i++) {
            keys.add(SigningKey.generate(type));
        }
        RootKeys rk;
        try {
            rk = new RootKeys(keys, threshold);
        } catch (IllegalArgumentException e) {
            throw new TufException(e.getMessage(), e);
        }
        rk.writeTo(dir, passphrase);
        return rk;
    }

    /** Writes the keys and the manifest to {@code dir}. */
    public void writeTo(Path dir, char[] passphrase) throws TufException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("threshold", threshold);
        var ids = manifest.putArray("keyids");
        for (int i = 0; i < keys.size(); i++) {
            keys.get(i).writePem(dir.resolve("root-key-" + (i + 1) + ".pem"), passphrase);
            ids.add(keys.get(i).keyId());
        }
        try {
            AtomicFiles.write(dir.resolve("root-keys.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new TufException("cannot write root key manifest: " + e.getMessage(), e);
        }
    }

    /** Loads the keys of {@code dir}; every key the manifest lists must be there. */
    public static RootKeys load(Path dir, char[] passphrase) throws TufException {
        JsonNode manifest;
        try {
            byte[] data = Files.readAllBytes(dir.resolve("root-keys.json"));
            if (data.length > 64 * 1024) {
                throw new TufException("root-keys.json is too large");
            }
            manifest = JSON.readTree(new String(data, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TufException("cannot read root-keys.json in " + dir + ": " + e.getMessage(), e);
        }
        if (manifest == null || !manifest.path("threshold").canConvertToInt() || !manifest.path("keyids").isArray()) {
            throw new TufException("root-keys.json is malformed");
        }
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 1; i <= MAX_KEYS; i++) {
            Path p = dir.resolve("root-key-" + i + ".pem");
            if (Files.exists(p)) {
                keys.add(SigningKey.readPem(p, passphrase));
            }
        }
        List<String> listed = new ArrayList<>();
        manifest.get("keyids").forEach(n -> listed.add(n.asText()));
        if (!keys.stream().map(SigningKey::keyId).toList().equals(listed)) {
            throw new TufException("root keys in " + dir + " do not match root-keys.json (missing or replaced key files)");
        }
        try {
            return new RootKeys(keys, manifest.get("threshold").asInt());
        } catch (IllegalArgumentException e) {
            throw new TufException("root keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RootKeys[" + keys.size() + " keys, threshold " + threshold + "]";
    }
}
