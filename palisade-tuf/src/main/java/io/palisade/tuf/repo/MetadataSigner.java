package io.palisade.tuf.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.tuf.TufException;
import io.palisade.tuf.metadata.CanonicalJson;
import io.palisade.tuf.metadata.Key;
import io.palisade.tuf.metadata.RoleType;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the {@code signed} portion of the four top-level metadata types and signs it: the signatures are over the
 * canonical JSON of {@code signed} (spec §4.2); the document itself is compact standard JSON.
 */
public final class MetadataSigner {
    /** The specification version written in every metadata file. */
    public static final String SPEC_VERSION = "1.0.31";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MetadataSigner() {
    }

    private static ObjectNode header(RoleType type, long version, Instant expires) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        ObjectNode s = F.objectNode();
        s.put("_type", type.typeName());
        s.put("spec_version", SPEC_VERSION);
        s.put("version", version);
        s.put("expires", expires.truncatedTo(ChronoUnit.SECONDS).toString());
        return s;
    }

    /** Root with consistent snapshots: {@code roles} must define all four top-level roles. */
    public static ObjectNode root(long version, Instant expires, Map<RoleType, RoleKeys> roles) {
        ObjectNode s = header(RoleType.ROOT, version, expires);
        s.put("consistent_snapshot", true);
        ObjectNode keys = s.putObject("keys");
        ObjectNode rolesNode = s.putObject("roles");
        for (RoleType t : RoleType.values()) {
            RoleKeys rk = Objects.requireNonNull(roles.get(t), () -> "root must define role " + t.typeName());
            ObjectNode r = rolesNode.putObject(t.typeName());
            ArrayNode ids = r.putArray("keyids");
            for (Key k : rk.keys()) {
                String id = TufKeys.keyId(k);
                keys.set(id, TufKeys.toJson(k));
                ids.add(id);
            }
            r.put("threshold", rk.threshold());
        }
        return s;
    }

    /** Root of {@link RootKeys} and {@link OnlineRoleKeys}. */
    public static ObjectNode root(long version, Instant expires, RoleKeys rootRole, OnlineRoleKeys online) {
        Map<RoleType, RoleKeys> roles = new LinkedHashMap<>();
        roles.put(RoleType.ROOT, rootRole);
        roles.put(RoleType.TARGETS, online.targets());
        roles.put(RoleType.SNAPSHOT, online.snapshot());
        roles.put(RoleType.TIMESTAMP, online.timestamp());
        return root(version, expires, roles);
    }

    /** Top-level targets listing {@code targets} (no delegations). */
    public static ObjectNode targets(long version, Instant expires, Collection<TargetEntry> targets) throws TufException {
        ObjectNode s = header(RoleType.TARGETS, version, expires);
        ObjectNode t = s.putObject("targets");
        for (TargetEntry e : targets) {
            ObjectNode f = t.putObject(e.path());
            f.put("length", e.length());
            ObjectNode h = f.putObject("hashes");
            e.hashes().forEach(h::put);
            if (e.customJson().isPresent()) {
                try {
                    JsonNode custom = JSON.readTree(e.customJson().get());
                    f.set("custom", custom);
                } catch (IOException ex) {
                    throw new TufException(e.path() + ": custom metadata is not valid JSON", ex);
                }
            }
        }
        return s;
    }

    /** Snapshot listing {@code targets.json} at {@code targetsVersion} with its length and hashes. */
    public static ObjectNode snapshot(long version, Instant expires, long targetsVersion, byte[] targetsBytes) {
        ObjectNode s = header(RoleType.SNAPSHOT, version, expires);
        s.putObject("meta").set("targets.json", metaFile(targetsVersion, targetsBytes));
        return s;
    }

    /** Timestamp listing {@code snapshot.json} at {@code snapshotVersion} with its length and hashes. */
    public static ObjectNode timestamp(long version, Instant expires, long snapshotVersion, byte[] snapshotBytes) {
        ObjectNode s = header(RoleType.TIMESTAMP, version, expires);
        s.putObject("meta").set("snapshot.json", metaFile(snapshotVersion, snapshotBytes));
        return s;
    }

    private static ObjectNode metaFile(long version, byte[] bytes) {
        ObjectNode m = F.objectNode();
        m.put("version", version);
        if (bytes != null) {
            m.put("length", bytes.length);
            m.putObject("hashes").put("sha256", hex("SHA-256", bytes)).put("sha512", hex("SHA-512", bytes));
        }
        return m;
    }

    /** The metadata document {@code {"signatures":[...],"signed":...}} signed by every key of {@code keys}. */
    public static byte[] sign(ObjectNode signed, Collection<SigningKey> keys) throws TufException {
        byte[] canonical = CanonicalJson.encode(signed);
        ObjectNode env = F.objectNode();
        ArrayNode sigs = env.putArray("signatures");
        Map<String, SigningKey> unique = new LinkedHashMap<>();
        for (SigningKey k : keys) {
            unique.putIfAbsent(k.keyId(), k);
        }
        for (SigningKey k : unique.values()) {
            sigs.addObject().put("keyid", k.keyId()).put("sig", k.signHex(canonical));
        }
        env.set("signed", signed);
        try {
            // plain JSON (canonical JSON would write control characters, e.g. the newlines of PEM keys, unescaped)
            return JSON.writeValueAsBytes(env);
        } catch (IOException e) {
            throw new TufException("cannot serialize metadata: " + e.getMessage(), e);
        }
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
