package io.palisade.server.evidence;

import io.palisade.core.device.DeviceRegistry;
import io.palisade.core.store.Store;
import io.palisade.detect.alert.Signal;
import io.palisade.pki.CertificateAuthority;
import io.palisade.server.ServerConfig;
import io.palisade.tuf.repo.RepoStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The capabilities that read the live platform as evidence: vulnerability handling (disclosure, reports,
 * advisories, SBOMs, exposure, VEX, end-of-life), conformity assessment and audit checks. Built once by the
 * composition root.
 */
public final class Capabilities {
    /**
     * What these capabilities may read and call.
     *
     * @param signals          raises alerts (CRA clocks overdue, end of life, exploited firmware, audit findings)
     * @param updateRepository the update repository's status, empty while it is not initialized
     * @param listeners        the platform's network listeners as they run
     */
    public record Context(ServerConfig config, Path dataDir, Store store, DeviceRegistry registry, CertificateAuthority ca,
                          Consumer<Signal> signals, Supplier<Optional<RepoStatus>> updateRepository, List<Listener> listeners,
                          Clock clock) {
    }

    /** A network listener of the running platform. */
    public record Listener(String name, String protocol, int port, boolean tls, boolean clientAuth, String bindAddress) {
    }

    private Capabilities() {
    }

    /** The REST modules of these capabilities (the API server registers them). */
    public static List<io.palisade.server.api.ApiServer.RouteModule> modules(Context ctx) {
        return List.of();
    }
}
