package io.palisade.server.update;

import io.palisade.core.store.Store;
import io.palisade.core.update.FirmwareRelease;
import io.palisade.server.support.Records;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Published firmware releases, kept as {@code firmware} records keyed {@code <model>/<version>}. */
public final class FirmwareCatalog implements RolloutService.Releases {
    static final String KIND = "firmware";
    private final Store store;

    public FirmwareCatalog(Store store) {
        this.store = store;
    }

    @Override
    public Optional<FirmwareRelease> find(String model, String version) {
        if (model == null || version == null) {
            return Optional.empty();
        }
        return store.read(tx -> tx.records().find(KIND, model + "/" + version)).map(r -> Records.read(r.body(), FirmwareRelease.class));
    }

    public List<FirmwareRelease> list(String model) {
        return store.read(tx -> tx.records().list(KIND, model == null ? "" : model + "/", 100_000)).stream()
                .map(r -> Records.read(r.body(), FirmwareRelease.class))
                .sorted(Comparator.comparing(FirmwareRelease::model).thenComparing(FirmwareRelease::publishedAt)).toList();
    }

    static String key(FirmwareRelease r) {
        return r.model() + "/" + r.version();
    }
}
