package io.palisade.core.store;

import java.util.function.Function;

/**
 * Port: the persistent store (embedded H2 by default, PostgreSQL for scale). Implementations pass one
 * contract test suite.
 *
 * <p>{@link #transaction} runs {@code work} in one database transaction and commits when it returns (rolls
 * back when it throws). Write transactions are serialized by the implementation, so the audit chain stays
 * gap-free. {@link #read} runs without that lock. {@link #telemetry()} is the high-volume ingest path and is
 * used outside transactions: each append is durable when it returns.
 */
public interface Store extends AutoCloseable {
    <T> T transaction(Function<Repositories, T> work);

    <T> T read(Function<Repositories, T> work);

    TelemetryRepository telemetry();

    /** A short description for logs, e.g. "H2 file ./palisade-data/db/palisade". Never contains a password. */
    String describe();

    @Override
    void close();
}
