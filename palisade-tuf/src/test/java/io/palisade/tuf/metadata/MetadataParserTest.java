package io.palisade.tuf.metadata;

import io.palisade.tuf.TufException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strict validation: every malformed input is refused with a clear TufException. */
@Timeout(10)
class MetadataParserTest {
    private static final String TS_SIGNED = "{\"_type\":\"timestamp\",\"spec_version\":\"1.0.0\",\"version\":%s,"
            + "\"expires\":%s,\"meta\":{\"snapshot.json\":{\"version\":1%s}}}";

    private static byte[] ts(String version, String expires, String metaExtra) {
        return ("{\"signatures\":[],\"signed\":" + TS_SIGNED.formatted(version, expires, metaExtra) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ts() {
        return ts("1", "\"2030-01-01T00:00:00Z\"", "");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void refused(byte[] data, String message) {
        assertThatThrownBy(() -> MetadataParser.parseTimestamp(data, 16_384))
                .isInstanceOf(TufException.class).hasMessageContaining(message);
    }

    @Test
    void minimalTimestampParses() throws TufException {
        Metadata<Timestamp> md = MetadataParser.parseTimestamp(ts(), 16_384);
        assertThat(md.signed().version()).isEqualTo(1);
        assertThat(md.signed().snapshotMeta().length()).isEmpty();
        assertThat(md.toString()).isEqualTo("Metadata[timestamp v1, 0 signature(s)]");
    }

    @Test
    void sizeLimitIsEnforcedBeforeParsing() {
        byte[] data = ts();
        assertThatThrownBy(() -> MetadataParser.parseTimestamp(data, data.length - 1))
                .isInstanceOf(TufException.class).hasMessageContaining("more than the limit of " + (data.length - 1));
    }

    @Test
    void jsonSyntaxIsStrict() {
        refused(utf8("{\"signatures\":[],\"signatures\":[],\"signed\":{}}"), "Duplicate field");
        refused(utf8(new String(ts(), StandardCharsets.UTF_8) + " {}"), "not valid JSON");
        refused(utf8("{'signatures':[]}"), "not valid JSON");
        refused(utf8("{\"signatures\":[],}"), "not valid JSON");
        refused(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}, "not valid UTF-8");
        refused(utf8("\uFEFF" + new String(ts(), StandardCharsets.UTF_8)), "byte order mark");
        refused(new byte[0], "empty");
        refused(utf8("[".repeat(200) + "]".repeat(200)), "not valid JSON");
        refused(utf8("[]"), "must be a JSON object");
    }

    @Test
    void fieldsAreChecked() {
        refused(ts("0", "\"2030-01-01T00:00:00Z\"", ""), "'version' must be at least 1");
        refused(ts("-3", "\"2030-01-01T00:00:00Z\"", ""), "'version' must be at least 1");
        refused(ts("1.0", "\"2030-01-01T00:00:00Z\"", ""), "'version' must be an integer");
        refused(ts("\"1\"", "\"2030-01-01T00:00:00Z\"", ""), "'version' must be an integer");
        refused(ts("true", "\"2030-01-01T00:00:00Z\"", ""), "'version' must be an integer");
        refused(ts("99999999999999999999", "\"2030-01-01T00:00:00Z\"", ""), "out of range");
        refused(ts("1", "\"2030-01-01 00:00:00\"", ""), "'expires' must be YYYY-MM-DDTHH:MM:SSZ");
        refused(ts("1", "\"2030-02-30T00:00:00Z\"", ""), "'expires' is not a valid date");
        refused(ts("1", "20300101", ""), "'expires' must be a string");
        refused(ts("1", "\"2030-01-01T00:00:00Z\"", ",\"length\":-1"), "'length' must not be negative");
        refused(ts("1", "\"2030-01-01T00:00:00Z\"", ",\"hashes\":{}"), "'hashes' must not be empty");
        refused(ts("1", "\"2030-01-01T00:00:00Z\"", ",\"hashes\":{\"sha256\":\"xyz\"}"), "must be a hex string");
        refused(utf8("{\"signed\":{}}"), "'signatures' must be an array");
        refused(utf8("{\"signatures\":[{\"keyid\":1,\"sig\":\"00\"}],\"signed\":{}}"), "'keyid' must be a string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2.0.0|unsupported spec_version major 2",
            "1|not of the form",
            "1.0.x|not of the form",
            "v1.0.0|not of the form"})
    void specVersionMustBeOneDotX(String spec, String message) {
        String s = new String(ts(), StandardCharsets.UTF_8).replace("\"1.0.0\"", "\"" + spec + "\"");
        refused(utf8(s), message);
    }

    @Test
    void timestampMetaMustListExactlySnapshot() {
        String s = new String(ts(), StandardCharsets.UTF_8).replace("\"snapshot.json\"", "\"targets.json\"");
        refused(utf8(s), "exactly one entry, 'snapshot.json'");
    }

    private static byte[] root(String rolesExtra, String rootRole) {
        return utf8(("{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"spec_version\":\"1.0\",\"version\":1,"
                + "\"expires\":\"2030-01-01T00:00:00Z\",\"consistent_snapshot\":false,\"keys\":{},\"roles\":{"
                + "\"root\":%s,\"timestamp\":{\"keyids\":[],\"threshold\":1},\"snapshot\":{\"keyids\":[],\"threshold\":1},"
                + "\"targets\":{\"keyids\":[],\"threshold\":1}%s}}}").formatted(rootRole, rolesExtra));
    }

    @Test
    void rootRolesAreChecked() throws TufException {
        assertThat(MetadataParser.parseRoot(root("", "{\"keyids\":[\"a\"],\"threshold\":1}"), 1000).signed().roles()).hasSize(4);
        assertThatThrownBy(() -> MetadataParser.parseRoot(root(",\"mirror\":{\"keyids\":[],\"threshold\":1}", "{\"keyids\":[],\"threshold\":1}"), 1000))
                .isInstanceOf(TufException.class).hasMessageContaining("exactly the four top-level roles");
        assertThatThrownBy(() -> MetadataParser.parseRoot(root("", "{\"keyids\":[\"a\",\"a\"],\"threshold\":1}"), 1000))
                .isInstanceOf(TufException.class).hasMessageContaining("duplicate key id");
        assertThatThrownBy(() -> MetadataParser.parseRoot(root("", "{\"keyids\":[],\"threshold\":0}"), 1000))
                .isInstanceOf(TufException.class).hasMessageContaining("'threshold' must be at least 1");
        String noTargets = new String(root("", "{\"keyids\":[],\"threshold\":1}"), StandardCharsets.UTF_8)
                .replace(",\"targets\":{\"keyids\":[],\"threshold\":1}", "");
        assertThatThrownBy(() -> MetadataParser.parseRoot(utf8(noTargets), 1000))
                .isInstanceOf(TufException.class).hasMessageContaining("must define role targets");
    }

    private static byte[] targets(String delegationRoles) {
        return utf8(("{\"signatures\":[],\"signed\":{\"_type\":\"targets\",\"spec_version\":\"1.0.0\",\"version\":1,"
                + "\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"f\":{\"length\":1,\"hashes\":{\"sha256\":\"00\"}}},"
                + "\"delegations\":{\"keys\":{},\"roles\":[%s]}}}").formatted(delegationRoles));
    }

    private static final String ROLE = "{\"name\":\"%s\",\"keyids\":[],\"threshold\":1,\"terminating\":false%s}";

    @Test
    void delegationsAreChecked() throws TufException {
        Metadata<Targets> ok = MetadataParser.parseTargets(targets(ROLE.formatted("a", ",\"paths\":[\"x/*\"]")), 10_000);
        assertThat(ok.signed().delegations().orElseThrow().findRole("a")).isPresent();
        assertThatThrownBy(() -> MetadataParser.parseTargets(targets(ROLE.formatted("a", "")), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("exactly one of 'paths' and 'path_hash_prefixes'");
        assertThatThrownBy(() -> MetadataParser.parseTargets(targets(ROLE.formatted("a", ",\"paths\":[],\"path_hash_prefixes\":[]")), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> MetadataParser.parseTargets(
                targets(ROLE.formatted("a", ",\"paths\":[]") + "," + ROLE.formatted("a", ",\"paths\":[]")), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("duplicate delegated role name");
        assertThatThrownBy(() -> MetadataParser.parseTargets(targets(ROLE.formatted("snapshot", ",\"paths\":[]")), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("top-level role name");
        assertThatThrownBy(() -> MetadataParser.parseTargets(targets(ROLE.formatted("a", ",\"paths\":[1]")), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("must be an array of strings");
        String noTerm = ROLE.replace(",\"terminating\":false", "");
        assertThatThrownBy(() -> MetadataParser.parseTargets(targets(noTerm.formatted("a", ",\"paths\":[]")), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("'terminating' must be a boolean");
    }

    @Test
    void targetFilesNeedLengthAndHashes() {
        String noHashes = new String(targets(""), StandardCharsets.UTF_8).replace(",\"hashes\":{\"sha256\":\"00\"}", "");
        assertThatThrownBy(() -> MetadataParser.parseTargets(utf8(noHashes), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("'hashes' is required");
        String noLength = new String(targets(""), StandardCharsets.UTF_8).replace("\"length\":1,", "");
        assertThatThrownBy(() -> MetadataParser.parseTargets(utf8(noLength), 10_000))
                .isInstanceOf(TufException.class).hasMessageContaining("'length' must be an integer");
    }

    @Test
    void floatsInTheSignedPortionAreRefused() {
        String s = new String(ts(), StandardCharsets.UTF_8).replace("\"_type\"", "\"x\":1.5,\"_type\"");
        refused(utf8(s), "floating point");
    }

    @Test
    void globMatchingFollowsFnmatchPerSegment() {
        assertThat(DelegatedRole.matchesPattern("a/b.txt", "a/*.txt")).isTrue();
        assertThat(DelegatedRole.matchesPattern("a/c/b.txt", "a/*.txt")).isFalse();
        assertThat(DelegatedRole.matchesPattern("a/b.txt", "*")).isFalse();
        assertThat(DelegatedRole.matchesPattern("file1.txt", "file?.txt")).isTrue();
        assertThat(DelegatedRole.matchesPattern("file1.txt", "file[0-9].txt")).isTrue();
        assertThat(DelegatedRole.matchesPattern("fileA.txt", "file[!0-9].txt")).isTrue();
        assertThat(DelegatedRole.matchesPattern("file1.txt", "file[!0-9].txt")).isFalse();
        assertThat(DelegatedRole.matchesPattern("a.b", "a.b")).isTrue();
        assertThat(DelegatedRole.matchesPattern("axb", "a.b")).isFalse();
        assertThat(DelegatedRole.matchesPattern("[x", "[x")).isTrue();
        assertThat(DelegatedRole.matchesPattern("(x)+", "(x)+")).isTrue();
        assertThat(DelegatedRole.matchesPattern("a-b", "[!a]-[]b]")).isFalse();
        assertThat(DelegatedRole.matchesPattern("c-]", "[!a]-[]b]")).isTrue();
        assertThat(DelegatedRole.matchesPattern("", "*")).isTrue();
        assertThat(DelegatedRole.matchesPattern("abc", "a*c*")).isTrue();
        assertThat(DelegatedRole.matchesPattern("abd", "a*c")).isFalse();
        assertThat(DelegatedRole.matchesPattern("\ud83d\ude00.txt", "?.txt")).isTrue();
    }

    @Test
    @Timeout(5)
    void pathologicalGlobIsLinear() {
        String text = "a".repeat(5000);
        String pattern = "*a".repeat(200) + "*b";
        assertThat(DelegatedRole.matchesPattern(text, pattern)).isFalse();
    }
}
