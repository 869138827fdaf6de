package io.palisade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.core.device.DeviceModel;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract over a real PostgreSQL (zonky embedded binaries); a failure to start fails the class. */
class PostgresStoreTest extends StoreContractTest {
    private static final String PASSWORD = "pw-must-never-show-7731";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.start();
        // migrate once into a template; every test then gets a copy (Flyway only validates on open)
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE migrated_template");
        }
        JdbcStore.postgres(url("migrated_template"), "postgres", PASSWORD).close();
    }

    static String url(String db) {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + db;
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** A fresh database per test, opened through the public postgres(...) factory (pooled). */
    @Override
    protected Store newStore() throws Exception {
        String db = "contract_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db + " TEMPLATE migrated_template");
        }
        return JdbcStore.postgres(url(db), "postgres", PASSWORD);
    }

    @Test
    void describeNeverShowsThePassword() {
        assertThat(store.describe()).startsWith("PostgreSQL jdbc:postgresql://localhost:").doesNotContain(PASSWORD);
        assertThat(JdbcStore.redact("jdbc:postgresql://u:" + PASSWORD + "@db.example:5432/p?password=" + PASSWORD))
                .isEqualTo("jdbc:postgresql://db.example:5432/p");
    }

    @Test
    void openOverAPlainDataSourceMigratesAndWorks() throws Exception {
        String db = "plain_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        DeviceModel m = new DeviceModel("m1", "Acme", YearMonth.of(2030, 6), null, RiskProfile.ENTERPRISE, T0);
        try (JdbcStore s = JdbcStore.open(pg.getDatabase("postgres", db), JdbcStore.Vendor.POSTGRESQL)) {
            assertThat(s.vendor()).isEqualTo(JdbcStore.Vendor.POSTGRESQL);
            s.transaction(r -> {
                r.models().insert(m);
                return null;
            });
        }
        // migrations are idempotent: a second open finds the data again
        try (JdbcStore s = JdbcStore.open(pg.getDatabase("postgres", db), JdbcStore.Vendor.POSTGRESQL)) {
            java.util.Optional<DeviceModel> found = s.read(r -> r.models().find("m1"));
            assertThat(found).contains(m);
        }
    }
}
