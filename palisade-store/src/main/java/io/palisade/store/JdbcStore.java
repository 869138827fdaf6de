package io.palisade.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.palisade.core.store.Repositories;
import io.palisade.core.store.Store;
import io.palisade.core.store.TelemetryRepository;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store: JDBI 3 over a HikariCP pool, schema managed by Flyway (migrations under
 * {@code db/migration/h2} or {@code db/migration/postgresql}, chosen by {@link Vendor}).
 *
 * <p>Every {@link #transaction} runs in one READ COMMITTED database transaction, and all of them are serialized by
 * one fair lock, so the hash-chained audit log gets gap-free sequence numbers (on PostgreSQL each write transaction
 * also takes a transaction-level advisory lock, so several processes sharing one database stay serialized; on H2
 * the file is locked to one process anyway). On H2 a committed transaction is forced to the file (CHECKPOINT)
 * before {@code transaction()} returns, so it survives a kill -9. {@link #read} runs in its own
 * transaction without that lock; its repositories refuse writes (IllegalStateException). Nested
 * {@code transaction()} calls on one thread are refused as well.
 *
 * <p>Instants are stored as {@code TIMESTAMP(6) WITH TIME ZONE} in UTC on both vendors: they are <b>truncated to
 * microseconds on write</b> (PostgreSQL's precision), so a value read back equals the written value truncated to
 * micros. The audit log is the exception: it also stores the nano-of-second, so entries read back exactly as
 * written and their hashes (which cover {@code at.toString()}) still verify. Certificate serials are stored as
 * {@code NUMERIC(64,0)} and round-trip exactly.
 */
public final class JdbcStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    static final int POOL_MAX = 8;
    static final long CONNECTION_TIMEOUT_MS = 10_000;
    /** PostgreSQL transaction-level advisory lock taken by every write transaction ("PALISADE" in ASCII). */
    static final long PG_WRITE_LOCK_KEY = 0x50414c4953414445L;

    /** The database vendors this store supports. */
    public enum Vendor {
        H2("h2"),
        POSTGRESQL("postgresql");

        private final String migrationFolder;

        Vendor(String migrationFolder) {
            this.migrationFolder = migrationFolder;
        }

        String migrationLocation() {
            return "classpath:db/migration/" + migrationFolder;
        }
    }

    private final DataSource dataSource;
    private final Vendor vendor;
    private final Jdbi jdbi;
    private final String description;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final TelemetryRepository telemetry;
    private volatile boolean closed;

    private JdbcStore(DataSource dataSource, Vendor vendor, String description) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.description = description;
        this.jdbi = Jdbi.create(dataSource);
        this.telemetry = new JdbcTelemetryRepository(jdbi, vendor == Vendor.H2);
    }

    /** An embedded H2 file database at {@code directory/palisade.mv.db} with H2's default user (tests, legacy data). */
    public static JdbcStore h2(Path directory) {
        return h2(directory, "sa", "");
    }

    /**
     * An embedded H2 file database at {@code directory/palisade.mv.db}; the directory is created if absent. A new
     * database is created with {@code user} as its administrator, protected by {@code password}.
     */
    public static JdbcStore h2(Path directory, String user, String password) {
        Objects.requireNonNull(directory, "directory");
        Path dir = directory.toAbsolutePath().normalize();
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database directory " + dir + ": " + e.getMessage(), e);
        }
        String file = dir.resolve("palisade").toString();
        if (file.contains(";")) {
            throw io.palisade.core.PalisadeException.invalid("database directory must not contain ';': " + dir);
        }
        HikariDataSource ds = pool("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", user, password, "palisade-h2");
        return openOwned(ds, Vendor.H2, "H2 file " + file);
    }

    /** A PostgreSQL database; {@code password} is used for the connection only and never shown by {@link #describe()}. */
    public static JdbcStore postgres(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw io.palisade.core.PalisadeException.invalid("PostgreSQL JDBC URL must start with jdbc:postgresql:");
        }
        HikariDataSource ds = pool(jdbcUrl, user, password, "palisade-pg");
        return openOwned(ds, Vendor.POSTGRESQL, "PostgreSQL " + redact(jdbcUrl) + (user == null ? "" : " as " + user));
    }

    /** Opens a store over an existing data source (migrating its schema); closing the store does not close the source. */
    public static JdbcStore open(DataSource dataSource, Vendor vendor) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(vendor, "vendor");
        JdbcStore s = new JdbcStore(dataSource, vendor, vendor.name() + " " + dataSource.getClass().getSimpleName());
        s.migrate();
        return s;
    }

    private static JdbcStore openOwned(HikariDataSource ds, Vendor vendor, String description) {
        try {
            JdbcStore s = new JdbcStore(ds, vendor, description);
            s.migrate();
            return s;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    private static HikariDataSource pool(String url, String user, String password, String name) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setPoolName(name);
        c.setMaximumPoolSize(POOL_MAX);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        c.setValidationTimeout(5_000);
        c.setInitializationFailTimeout(CONNECTION_TIMEOUT_MS);
        c.setAutoCommit(true);
        return new HikariDataSource(c);
    }

    /** Drops user info, password parameters and everything after '?' from a JDBC URL, for logs. */
    static String redact(String jdbcUrl) {
        String s = jdbcUrl;
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q);
        }
        int at = s.indexOf('@');
        int scheme = s.indexOf("//");
        if (at >= 0 && scheme >= 0 && at > scheme) {
            s = s.substring(0, scheme + 2) + s.substring(at + 1);
        }
        return s;
    }

    private void migrate() {
        Flyway.configure(JdbcStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations(vendor.migrationLocation())
                .failOnMissingLocations(true)
                .load()
                .migrate();
        LOG.info("store ready: {}", description);
    }

    public Vendor vendor() {
        return vendor;
    }

    @Override
    public <T> T transaction(Function<Repositories, T> work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested Store.transaction() calls are not supported: pass the Repositories on");
        }
        writeLock.lock();
        try {
            return jdbi.withHandle(h -> {
                T result = h.inTransaction(TransactionIsolationLevel.READ_COMMITTED, tx -> {
                    if (vendor == Vendor.POSTGRESQL) {
                        // Also serialize writers of other processes sharing this database (several servers).
                        Sql.exec("take the write lock", () -> tx.createQuery("SELECT pg_advisory_xact_lock(:key)")
                                .bind("key", PG_WRITE_LOCK_KEY).mapToMap().list());
                    }
                    return work.apply(new JdbcRepositories(tx, true, vendor));
                });
                if (vendor == Vendor.H2) {
                    // H2 persists commits lazily (WRITE_DELAY); force them to the file so a committed transaction
                    // survives a kill -9 of the process.
                    Sql.exec("flush H2 store", () -> h.execute("CHECKPOINT"));
                }
                return result;
            });
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(Function<Repositories, T> work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED,
                h -> work.apply(new JdbcRepositories(h, false, vendor)));
    }

    @Override
    public TelemetryRepository telemetry() {
        return telemetry;
    }

    @Override
    public String describe() {
        return description;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    /**
     * Closes the store. For a store made by {@link #h2} or {@link #postgres} the pool is closed; an H2 database is
     * shut down first (so its file is closed cleanly). A data source given to {@link #open} is left open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        writeLock.lock();
        try {
            closed = true;
            if (dataSource instanceof HikariDataSource hds) {
                if (vendor == Vendor.H2 && !hds.isClosed()) {
                    try (Connection c = hds.getConnection(); Statement st = c.createStatement()) {
                        st.execute("SHUTDOWN");
                    } catch (SQLException e) {
                        if (!"90121".equals(e.getSQLState())) { // 90121: closing the statement after a successful SHUTDOWN
                            LOG.warn("H2 shutdown failed (SQLState {}): {}", e.getSQLState(), e.getMessage());
                        }
                    }
                }
                hds.close();
            }
            LOG.info("store closed: {}", description);
        } finally {
            writeLock.unlock();
        }
    }
}
