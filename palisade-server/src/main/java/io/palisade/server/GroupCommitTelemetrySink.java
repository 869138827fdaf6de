package io.palisade.server;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.store.TelemetryRepository;
import io.palisade.core.telemetry.TelemetryRecord;
import io.palisade.edge.TelemetrySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable telemetry ingest with group commit: {@link #store} returns only after the record is committed (so the
 * broker may acknowledge a QoS 1 publish), but concurrent callers share one commit — one writer thread drains
 * everything waiting into a single {@code appendAll}. Bounded queue: when the store cannot keep up, callers are
 * refused after a timeout instead of the server running out of memory.
 */
final class GroupCommitTelemetrySink implements TelemetrySink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitTelemetrySink.class);
    static final int MAX_BATCH = 2000;

    private record Pending(TelemetryRecord record, CompletableFuture<Void> done) {
    }

    private final TelemetryRepository repository;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(20_000);
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommitTelemetrySink(TelemetryRepository repository) {
        this.repository = repository;
        this.writer = Thread.ofPlatform().name("telemetry-writer").daemon(true).start(this::writeLoop);
    }

    @Override
    public void store(TelemetryRecord record) {
        if (!running) {
            throw new PalisadeException(ErrorCode.INTERNAL, "telemetry store is shutting down");
        }
        Pending p = new Pending(record, new CompletableFuture<>());
        try {
            if (!queue.offer(p, 5, TimeUnit.SECONDS)) {
                throw new PalisadeException(ErrorCode.RATE_LIMITED, "telemetry store overloaded");
            }
            p.done().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PalisadeException(ErrorCode.INTERNAL, "interrupted while storing telemetry", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new PalisadeException(ErrorCode.INTERNAL, "telemetry store failed", e.getCause());
        } catch (TimeoutException e) {
            throw new PalisadeException(ErrorCode.INTERNAL, "telemetry store timed out", e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                try {
                    repository.appendAll(batch.stream().map(Pending::record).toList());
                    batch.forEach(p -> p.done().complete(null));
                } catch (RuntimeException e) {
                    LOG.error("storing a batch of {} telemetry records failed: {}", batch.size(), e.getMessage());
                    batch.forEach(p -> p.done().completeExceptionally(e));
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
