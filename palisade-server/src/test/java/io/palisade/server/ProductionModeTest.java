package io.palisade.server;

import io.palisade.server.config.ServerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production mode never keeps the CA key passphrase next to the keys. */
class ProductionModeTest {
    @TempDir
    Path tmp;

    @Test
    void productionModeRefusesAGeneratedPassphraseFile() {
        assumeTrue(System.getenv("PALISADE_CA_PASSPHRASE") == null, "PALISADE_CA_PASSPHRASE is set in this environment");
        ServerConfig cfg = new ServerConfig(tmp.resolve("data"), 0, 0, 0, "127.0.0.1", "localhost", true, 50, 64 * 1024, null, null);
        assertThatThrownBy(() -> PalisadeServer.start(cfg)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PALISADE_CA_PASSPHRASE");
        assertThat(tmp.resolve("data").resolve("secrets").resolve("ca.passphrase")).doesNotExist();
        assertThat(tmp.resolve("data").resolve("ca")).doesNotExist();
    }
}
