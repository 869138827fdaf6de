package io.palisade.device.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Malformed, oversized and forged command payloads and slot state files fail with a clear error, never otherwise. */
class UpdateParsersFuzzTest {
    @Provide
    Arbitrary<String> commandLike() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.of("ro-1", "a/b.bin", "../x", "1.4.2", "1.4.2-rc", "", "a//b", "x".repeat(300)));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                value.list().ofSize(3).map(v -> "{\"rollout\":\"" + v.get(0) + "\",\"target\":\"" + v.get(1)
                        + "\",\"version\":\"" + v.get(2) + "\"}"),
                Arbitraries.of("{\"rollout\":1,\"target\":\"a\",\"version\":\"1\"}", "[]", "null", "{}",
                        "{\"rollout\":\"r\",\"target\":\"a\",\"version\":\"1\"}" + " ".repeat(5000)));
    }

    @Property(tries = 300)
    void commandParserAcceptsOnlyValidCommands(@ForAll("commandLike") String payload) {
        try {
            UpdateCommand c = UpdateCommand.parse(payload.getBytes(StandardCharsets.UTF_8));
            assertThat(c.target()).doesNotContain("..").doesNotStartWith("/");
            assertThat(UpdateCommand.parse(c.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(c);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 100)
    void slotStateParserFailsClosed(@ForAll("commandLike") String state) throws IOException {
        Path dir = Files.createTempDirectory("slots-fuzz-");
        try {
            Files.writeString(dir.resolve("state.json"), state.replace("rollout", "active"), StandardCharsets.UTF_8);
            try {
                AbSlots s = AbSlots.open(dir, "1.0.0");
                assertThat(s.active().name()).isIn("a", "b");
            } catch (IOException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        } finally {
            try (var w = Files.walk(dir)) {
                for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
