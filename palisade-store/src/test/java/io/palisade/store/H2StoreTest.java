package io.palisade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir.resolve("db"));
    }

    @Test
    void describesTheFileAndCreatesIt() {
        assertThat(store.describe()).startsWith("H2 file ").endsWith("palisade");
        assertThat(dir.resolve("db").resolve("palisade.mv.db")).exists();
        assertThat(((JdbcStore) store).vendor()).isEqualTo(JdbcStore.Vendor.H2);
    }
}
