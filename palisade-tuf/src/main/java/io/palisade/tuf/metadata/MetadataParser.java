package io.palisade.tuf.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.tuf.TufException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict parser for TUF 1.0 metadata. Input is limited in size, must be UTF-8 JSON without duplicate object keys or
 * trailing data, and every field the specification requires is checked for presence and type. Unknown fields are
 * allowed (and covered by the signature, since the canonical form is computed from the parsed tree).
 */
public final class MetadataParser {
    /** Deepest JSON nesting accepted. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Most signatures accepted on one document. */
    public static final int MAX_SIGNATURES = 1024;

    private static final Pattern EXPIRES = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern SPEC_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\.(\\d+))?");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final ObjectMapper MAPPER = newMapper();

    private MetadataParser() {
    }

    private static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(64)
                        .maxStringLength(16 * 1024 * 1024)
                        .build())
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return mapper;
    }

    public static Metadata<Root> parseRoot(byte[] data, long maxLength) throws TufException {
        return parse(data, maxLength, RoleType.ROOT, Root.class);
    }

    public static Metadata<Timestamp> parseTimestamp(byte[] data, long maxLength) throws TufException {
        return parse(data, maxLength, RoleType.TIMESTAMP, Timestamp.class);
    }

    public static Metadata<Snapshot> parseSnapshot(byte[] data, long maxLength) throws TufException {
        return parse(data, maxLength, RoleType.SNAPSHOT, Snapshot.class);
    }

    public static Metadata<Targets> parseTargets(byte[] data, long maxLength) throws TufException {
        return parse(data, maxLength, RoleType.TARGETS, Targets.class);
    }

    /** Parses a document of any type; {@code expected} must match its {@code _type}. */
    public static <T extends Signed> Metadata<T> parse(byte[] data, long maxLength, RoleType expected, Class<T> cls)
            throws TufException {
        JsonNode tree = readJson(data, maxLength, expected.typeName());
        String ctx = expected.typeName();
        requireObject(tree, ctx);
        JsonNode signedNode = tree.get("signed");
        requireObject(signedNode, ctx + ".signed");
        List<Signature> signatures = parseSignatures(tree.get("signatures"), ctx);
        String type = string(signedNode, "_type", ctx + ".signed");
        if (!type.equals(expected.typeName())) {
            throw new TufException(ctx + ": expected _type '" + expected.typeName() + "' but found '" + truncate(type) + "'");
        }
        Signed signed;
        try {
            signed = switch (expected) {
                case ROOT -> parseRootSigned(signedNode, ctx);
                case TIMESTAMP -> parseTimestampSigned(signedNode, ctx);
                case SNAPSHOT -> parseSnapshotSigned(signedNode, ctx);
                case TARGETS -> parseTargetsSigned(signedNode, ctx);
            };
        } catch (IllegalArgumentException e) {
            throw new TufException(ctx + ": invalid metadata: " + e.getMessage(), e);
        }
        byte[] canonical = CanonicalJson.encode(signedNode);
        return new Metadata<>(cls.cast(signed), signatures, canonical, data);
    }

    /** Reads {@code data} as strict UTF-8 JSON of at most {@code maxLength} bytes. */
    static JsonNode readJson(byte[] data, long maxLength, String ctx) throws TufException {
        if (data.length > maxLength) {
            throw new TufException(ctx + ": metadata is " + data.length + " bytes, more than the limit of " + maxLength);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new TufException(ctx + ": metadata is not valid UTF-8", e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new TufException(ctx + ": metadata must not start with a byte order mark");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new TufException(ctx + ": metadata is empty");
            }
            return node;
        } catch (IOException e) {
            throw new TufException(ctx + ": metadata is not valid JSON: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new TufException(ctx + ": metadata could not be parsed: " + firstLine(e.getMessage()), e);
        }
    }

    private static List<Signature> parseSignatures(JsonNode node, String ctx) throws TufException {
        if (node == null || !node.isArray()) {
            throw new TufException(ctx + ": 'signatures' must be an array");
        }
        if (node.size() > MAX_SIGNATURES) {
            throw new TufException(ctx + ": more than " + MAX_SIGNATURES + " signatures");
        }
        List<Signature> out = new ArrayList<>(node.size());
        for (JsonNode s : node) {
            requireObject(s, ctx + ".signatures[]");
            out.add(new Signature(string(s, "keyid", ctx + ".signatures[]"), string(s, "sig", ctx + ".signatures[]")));
        }
        return out;
    }

    private static Root parseRootSigned(JsonNode n, String ctx) throws TufException {
        String spec = specVersion(n, ctx);
        long version = positiveLong(n, "version", ctx);
        Instant expires = expires(n, ctx);
        boolean consistent = false;
        JsonNode cs = n.get("consistent_snapshot");
        if (cs != null) {
            if (!cs.isBoolean()) {
                throw new TufException(ctx + ": 'consistent_snapshot' must be a boolean");
            }
            consistent = cs.booleanValue();
        }
        Map<String, Key> keys = parseKeys(n.get("keys"), ctx + ".keys");
        JsonNode rolesNode = n.get("roles");
        requireObject(rolesNode, ctx + ".roles");
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : rolesNode.properties()) {
            String rctx = ctx + ".roles." + truncate(e.getKey());
            requireObject(e.getValue(), rctx);
            roles.put(e.getKey(), new Role(keyIds(e.getValue(), rctx), threshold(e.getValue(), rctx)));
        }
        return new Root(spec, version, expires, consistent, keys, roles);
    }

    private static Timestamp parseTimestampSigned(JsonNode n, String ctx) throws TufException {
        String spec = specVersion(n, ctx);
        long version = positiveLong(n, "version", ctx);
        Instant expires = expires(n, ctx);
        JsonNode meta = n.get("meta");
        requireObject(meta, ctx + ".meta");
        if (meta.size() != 1 || meta.get("snapshot.json") == null) {
            throw new TufException(ctx + ": 'meta' must contain exactly one entry, 'snapshot.json'");
        }
        return new Timestamp(spec, version, expires, metaFile(meta.get("snapshot.json"), ctx + ".meta.snapshot.json"));
    }

    private static Snapshot parseSnapshotSigned(JsonNode n, String ctx) throws TufException {
        String spec = specVersion(n, ctx);
        long version = positiveLong(n, "version", ctx);
        Instant expires = expires(n, ctx);
        JsonNode meta = n.get("meta");
        requireObject(meta, ctx + ".meta");
        Map<String, MetaFile> files = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : meta.properties()) {
            files.put(e.getKey(), metaFile(e.getValue(), ctx + ".meta." + truncate(e.getKey())));
        }
        return new Snapshot(spec, version, expires, files);
    }

    private static Targets parseTargetsSigned(JsonNode n, String ctx) throws TufException {
        String spec = specVersion(n, ctx);
        long version = positiveLong(n, "version", ctx);
        Instant expires = expires(n, ctx);
        JsonNode targetsNode = n.get("targets");
        requireObject(targetsNode, ctx + ".targets");
        Map<String, TargetFile> targets = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : targetsNode.properties()) {
            String tctx = ctx + ".targets." + truncate(e.getKey());
            JsonNode t = e.getValue();
            requireObject(t, tctx);
            long length = nonNegativeLong(t, "length", tctx);
            Map<String, String> hashes = hashes(t.get("hashes"), tctx);
            if (hashes.isEmpty()) {
                throw new TufException(tctx + ": 'hashes' is required");
            }
            JsonNode custom = t.get("custom");
            Optional<String> customJson = Optional.empty();
            if (custom != null) {
                requireObject(custom, tctx + ".custom");
                customJson = Optional.of(CanonicalJson.encodeToString(custom));
            }
            targets.put(e.getKey(), new TargetFile(e.getKey(), length, hashes, customJson));
        }
        Optional<Delegations> delegations = Optional.empty();
        JsonNode d = n.get("delegations");
        if (d != null) {
            delegations = Optional.of(parseDelegations(d, ctx + ".delegations"));
        }
        return new Targets(spec, version, expires, targets, delegations);
    }

    private static Delegations parseDelegations(JsonNode d, String ctx) throws TufException {
        requireObject(d, ctx);
        Map<String, Key> keys = parseKeys(d.get("keys"), ctx + ".keys");
        JsonNode rolesNode = d.get("roles");
        if (rolesNode == null || !rolesNode.isArray()) {
            if (d.get("succinct_roles") != null) {
                throw new TufException(ctx + ": succinct_roles (TAP 15) is not supported; use path_hash_prefixes");
            }
            throw new TufException(ctx + ": 'roles' must be an array");
        }
        List<DelegatedRole> roles = new ArrayList<>();
        for (JsonNode r : rolesNode) {
            requireObject(r, ctx + ".roles[]");
            String name = string(r, "name", ctx + ".roles[]");
            String rctx = ctx + ".roles." + truncate(name);
            JsonNode term = r.get("terminating");
            if (term == null || !term.isBoolean()) {
                throw new TufException(rctx + ": 'terminating' must be a boolean");
            }
            Optional<List<String>> paths = optionalStrings(r, "paths", rctx);
            Optional<List<String>> prefixes = optionalStrings(r, "path_hash_prefixes", rctx);
            if (paths.isPresent() == prefixes.isPresent()) {
                throw new TufException(rctx + ": exactly one of 'paths' and 'path_hash_prefixes' must be set");
            }
            roles.add(new DelegatedRole(name, keyIds(r, rctx), threshold(r, rctx), term.booleanValue(), paths, prefixes));
        }
        return new Delegations(keys, roles);
    }

    private static Map<String, Key> parseKeys(JsonNode keysNode, String ctx) throws TufException {
        requireObject(keysNode, ctx);
        Map<String, Key> keys = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : keysNode.properties()) {
            String kctx = ctx + "." + truncate(e.getKey());
            JsonNode k = e.getValue();
            requireObject(k, kctx);
            String keyType = string(k, "keytype", kctx);
            String scheme = string(k, "scheme", kctx);
            JsonNode keyval = k.get("keyval");
            requireObject(keyval, kctx + ".keyval");
            JsonNode pub = keyval.get("public");
            Optional<String> publicValue = Optional.empty();
            if (pub != null) {
                if (!pub.isTextual()) {
                    throw new TufException(kctx + ".keyval: 'public' must be a string");
                }
                publicValue = Optional.of(pub.textValue());
            }
            keys.put(e.getKey(), new Key(keyType, scheme, publicValue));
        }
        return keys;
    }

    private static MetaFile metaFile(JsonNode m, String ctx) throws TufException {
        requireObject(m, ctx);
        long version = positiveLong(m, "version", ctx);
        OptionalLong length = OptionalLong.empty();
        if (m.get("length") != null) {
            length = OptionalLong.of(nonNegativeLong(m, "length", ctx));
        }
        Map<String, String> hashes = Map.of();
        if (m.get("hashes") != null) {
            hashes = hashes(m.get("hashes"), ctx);
            if (hashes.isEmpty()) {
                throw new TufException(ctx + ": 'hashes' must not be empty when present");
            }
        }
        return new MetaFile(version, length, hashes);
    }

    private static Map<String, String> hashes(JsonNode h, String ctx) throws TufException {
        if (h == null) {
            return Map.of();
        }
        requireObject(h, ctx + ".hashes");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : h.properties()) {
            if (!e.getValue().isTextual() || !HEX.matcher(e.getValue().textValue()).matches()) {
                throw new TufException(ctx + ".hashes." + truncate(e.getKey()) + ": must be a hex string");
            }
            out.put(e.getKey(), e.getValue().textValue().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private static List<String> keyIds(JsonNode n, String ctx) throws TufException {
        List<String> ids = strings(n.get("keyids"), ctx + ".keyids");
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new TufException(ctx + ": duplicate key id in 'keyids'");
            }
        }
        return ids;
    }

    private static int threshold(JsonNode n, String ctx) throws TufException {
        long t = positiveLong(n, "threshold", ctx);
        if (t > Integer.MAX_VALUE) {
            throw new TufException(ctx + ": 'threshold' too large");
        }
        return (int) t;
    }

    private static Optional<List<String>> optionalStrings(JsonNode n, String field, String ctx) throws TufException {
        JsonNode v = n.get(field);
        return v == null ? Optional.empty() : Optional.of(strings(v, ctx + "." + field));
    }

    private static List<String> strings(JsonNode v, String ctx) throws TufException {
        if (v == null || !v.isArray()) {
            throw new TufException(ctx + ": must be an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new TufException(ctx + ": must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static String specVersion(JsonNode n, String ctx) throws TufException {
        String spec = string(n, "spec_version", ctx);
        var m = SPEC_VERSION.matcher(spec);
        if (!m.matches()) {
            throw new TufException(ctx + ": 'spec_version' is not of the form MAJOR.MINOR[.PATCH]");
        }
        if (!m.group(1).equals("1")) {
            throw new TufException(ctx + ": unsupported spec_version major " + truncate(m.group(1)) + " (this client implements 1.x)");
        }
        return spec;
    }

    private static Instant expires(JsonNode n, String ctx) throws TufException {
        String s = string(n, "expires", ctx);
        if (!EXPIRES.matcher(s).matches()) {
            throw new TufException(ctx + ": 'expires' must be YYYY-MM-DDTHH:MM:SSZ");
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeException e) {
            throw new TufException(ctx + ": 'expires' is not a valid date", e);
        }
    }

    private static long positiveLong(JsonNode n, String field, String ctx) throws TufException {
        long v = integer(n, field, ctx);
        if (v < 1) {
            throw new TufException(ctx + ": '" + field + "' must be at least 1");
        }
        return v;
    }

    private static long nonNegativeLong(JsonNode n, String field, String ctx) throws TufException {
        long v = integer(n, field, ctx);
        if (v < 0) {
            throw new TufException(ctx + ": '" + field + "' must not be negative");
        }
        return v;
    }

    private static long integer(JsonNode n, String field, String ctx) throws TufException {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new TufException(ctx + ": '" + field + "' must be an integer");
        }
        if (!v.canConvertToLong()) {
            throw new TufException(ctx + ": '" + field + "' is out of range");
        }
        return v.longValue();
    }

    private static String string(JsonNode n, String field, String ctx) throws TufException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new TufException(ctx + ": '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static void requireObject(JsonNode n, String ctx) throws TufException {
        if (n == null || !n.isObject()) {
            throw new TufException(ctx + ": must be a JSON object");
        }
    }

    private static String truncate(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return truncate(nl < 0 ? s : s.substring(0, nl));
    }
}
