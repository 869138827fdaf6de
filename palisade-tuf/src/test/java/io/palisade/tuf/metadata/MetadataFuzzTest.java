package io.palisade.tuf.metadata;

import io.palisade.tuf.TufException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing with real signed metadata: a mutated document either fails with a TufException or still has exactly the
 * same signed content (e.g. whitespace outside it changed). No other exception ever escapes the parser or verifier.
 */
class MetadataFuzzTest {
    private static final byte[] ROOT = CorpusTest.resource("generated_data/ed25519_metadata/root_with_ed25519.json");
    private static final byte[] TIMESTAMP = CorpusTest.resource("generated_data/ed25519_metadata/timestamp_with_ed25519.json");
    private static final byte[] RSA_ROOT = CorpusTest.resource("repository_data/repository/metadata/root.json");
    private static final byte[] TARGETS = CorpusTest.resource("repository_data/repository/metadata/targets.json");

    private static final Root TRUSTED_ED25519_ROOT = parse(() -> MetadataParser.parseRoot(ROOT, 512_000).signed());
    private static final Root TRUSTED_RSA_ROOT = parse(() -> MetadataParser.parseRoot(RSA_ROOT, 512_000).signed());
    private static final byte[] TIMESTAMP_CANONICAL = parse(() -> MetadataParser.parseTimestamp(TIMESTAMP, 16_384).canonicalSigned());
    private static final byte[] TARGETS_CANONICAL = parse(() -> MetadataParser.parseTargets(TARGETS, 5_000_000).canonicalSigned());

    interface Parse<T> {
        T get() throws TufException;
    }

    private static <T> T parse(Parse<T> p) {
        try {
            return p.get();
        } catch (TufException e) {
            throw new IllegalStateException(e);
        }
    }

    record Mutation(int kind, int position, byte value) {
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) '"', (byte) '{', (byte) '}', (byte) '0',
                        (byte) '9', (byte) ',', (byte) ':', (byte) '\\', (byte) ' ', (byte) 'e', (byte) '-'))
        ).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    static byte[] mutate(byte[] data, List<Mutation> mutations) {
        byte[] out = data.clone();
        for (Mutation m : mutations) {
            if (out.length == 0) {
                break;
            }
            int p = m.position() % out.length;
            switch (m.kind()) {
                case 0 -> out[p] = m.value();
                case 1 -> out[p] ^= (byte) (1 << (m.value() & 7));
                case 2 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, p);
                    System.arraycopy(out, p + 1, shorter, p, out.length - p - 1);
                    out = shorter;
                }
                case 3 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, p);
                    longer[p] = m.value();
                    System.arraycopy(out, p, longer, p + 1, out.length - p);
                    out = longer;
                }
                default -> out = Arrays.copyOf(out, p);
            }
        }
        return out;
    }

    @Property(tries = 400)
    void mutatedTimestampNeverVerifiesWithChangedContent(@ForAll("mutations") List<Mutation> mutations) {
        Root root = TRUSTED_ED25519_ROOT;
        byte[] original = TIMESTAMP_CANONICAL;
        byte[] mutated = mutate(TIMESTAMP, mutations);
        try {
            Metadata<Timestamp> md = MetadataParser.parseTimestamp(mutated, 16_384);
            SignatureVerifier.verifyWithRoot(md, root, RoleType.TIMESTAMP);
            assertThat(md.canonicalSigned()).isEqualTo(original);
        } catch (TufException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 200)
    void mutatedDelegatingTargetsNeverVerifiesWithChangedContent(@ForAll("mutations") List<Mutation> mutations) {
        Root root = TRUSTED_RSA_ROOT;
        byte[] original = TARGETS_CANONICAL;
        byte[] mutated = mutate(TARGETS, mutations);
        try {
            Metadata<Targets> md = MetadataParser.parseTargets(mutated, 5_000_000);
            SignatureVerifier.verifyWithRoot(md, root, RoleType.TARGETS);
            assertThat(md.canonicalSigned()).isEqualTo(original);
        } catch (TufException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void mutatedRootOnlyEverRaisesTufException(@ForAll("mutations") List<Mutation> mutations) {
        byte[] mutated = mutate(RSA_ROOT, mutations);
        try {
            Metadata<Root> md = MetadataParser.parseRoot(mutated, 512_000);
            SignatureVerifier.verifyWithRoot(md, md.signed(), RoleType.ROOT);
        } catch (TufException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void arbitraryBytesOnlyEverRaiseTufException(@ForAll @Size(max = 600) byte[] data) {
        for (RoleType type : RoleType.values()) {
            try {
                MetadataParser.parse(data, 512, type, Signed.class);
            } catch (TufException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Property(tries = 200)
    void arbitraryJsonTextOnlyEverRaisesTufException(@ForAll("jsonish") String text) {
        try {
            MetadataParser.parseTargets(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 100_000);
        } catch (TufException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"signed\"", "\"signatures\"",
                "\"_type\"", "\"targets\"", "\"version\"", "\"expires\"", "\"spec_version\"", "\"1.0.0\"", "1", "-1",
                "1.5", "true", "null", "\"2030-01-01T00:00:00Z\"", "\"delegations\"", "\"roles\"", "\"keys\"",
                "\"paths\"", "\"length\"", "\"hashes\"", "\"sha256\"", "\"00\"", "\"name\"", "\"threshold\"");
        return tokens.list().ofMaxSize(80).map(l -> String.join("", l));
    }
}
