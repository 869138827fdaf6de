package io.palisade.core.store;

import io.palisade.core.identity.ManufacturerAnchor;
import java.util.List;
import java.util.Optional;

public interface ManufacturerRepository {
    /** @throws io.palisade.core.PalisadeException CONFLICT when the fingerprint is already registered */
    void insert(ManufacturerAnchor anchor);

    void update(ManufacturerAnchor anchor);

    Optional<ManufacturerAnchor> findByFingerprint(String fingerprint);

    /** Ordered by name, then fingerprint. */
    List<ManufacturerAnchor> list();
}
