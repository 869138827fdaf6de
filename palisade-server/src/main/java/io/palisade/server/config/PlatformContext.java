package io.palisade.server.config;

import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.detect.alert.Signal;
import io.palisade.pki.CertificateAuthority;
import io.palisade.tuf.repo.RepoStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the capabilities that read the live platform as evidence (vulnerability handling, conformity, audit checks)
 * may read and call. Built once by the composition root.
 *
 * @param signals          raises alerts (CRA clocks overdue, end of life, exploited firmware, audit findings)
 * @param updateRepository the update repository's status, empty while it is not initialized
 * @param listeners        the platform's network listeners as they run
 * @param lastSeen         when the broker last saw a device (since this server started), by device id
 */
public record PlatformContext(ServerConfig config, Path dataDir, Store store, DeviceRegistry registry, CertificateAuthority ca,
                              Consumer<Signal> signals, Supplier<Optional<RepoStatus>> updateRepository, List<Listener> listeners,
                              Function<String, Optional<Instant>> lastSeen, Clock clock) {

    /** A network listener of the running platform. */
    public record Listener(String name, String protocol, int port, boolean tls, boolean clientAuth, String bindAddress) {
    }
}
