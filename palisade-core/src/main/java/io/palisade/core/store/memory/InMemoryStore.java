package io.palisade.core.store.memory;

import io.palisade.core.store.Repositories;
import io.palisade.core.store.Store;
import io.palisade.core.store.TelemetryRepository;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link Store} held in memory, for fast domain tests (it passes the same contract suite as the JDBC stores).
 *
 * <p>Transactions are copy-on-write: {@link #transaction} copies the committed tables, lets the work change the
 * copy and publishes it when the work returns; when the work throws the copy is dropped, so nothing it did is
 * kept. Writers are serialized by one fair lock (nested {@code transaction()} calls are refused), so the audit chain
 * stays gap-free. {@link #read} sees the last committed tables without taking the lock, and its repositories
 * refuse every write. Repositories are only usable while their transaction or read runs.
 *
 * <p>Like the JDBC stores, instants are kept truncated to microseconds (the audit log keeps them exact), a row
 * referring to a missing model or device is refused with NOT_FOUND and a duplicate key with CONFLICT. Nothing is
 * persisted: closing the store discards everything.
 */
public final class InMemoryStore implements Store {
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final MemoryTelemetryRepository telemetry = new MemoryTelemetryRepository(this::ensureOpen);
    private volatile Tables committed = new Tables();
    private volatile boolean closed;

    @Override
    public <T> T transaction(Function<Repositories, T> work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested Store.transaction() calls are not supported: pass the Repositories on");
        }
        writeLock.lock();
        try {
            ensureOpen();
            Tables draft = committed.copy();
            MemoryRepositories repositories = new MemoryRepositories(draft, true);
            try {
                T result = work.apply(repositories);
                committed = draft;
                return result;
            } finally {
                repositories.end();
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(Function<Repositories, T> work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        MemoryRepositories repositories = new MemoryRepositories(committed, false);
        try {
            return work.apply(repositories);
        } finally {
            repositories.end();
        }
    }

    @Override
    public TelemetryRepository telemetry() {
        return telemetry;
    }

    @Override
    public String describe() {
        return "in-memory store (not persistent)";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closed = true;
            committed = new Tables();
            telemetry.clear();
        } finally {
            writeLock.unlock();
        }
    }
}
