package io.palisade.core.store;

import io.palisade.core.device.DeviceModel;
import java.util.List;
import java.util.Optional;

public interface ModelRepository {
    /** @throws io.palisade.core.PalisadeException CONFLICT when the name exists */
    void insert(DeviceModel model);

    Optional<DeviceModel> find(String name);

    /** Ordered by name. */
    List<DeviceModel> list();
}
