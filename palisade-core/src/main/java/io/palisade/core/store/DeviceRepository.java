package io.palisade.core.store;

import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import java.util.List;
import java.util.Optional;

public interface DeviceRepository {
    /** @throws io.palisade.core.PalisadeException CONFLICT when the id exists */
    void insert(Device device);

    /** Replaces state, owner, firmware and updatedAt. @throws io.palisade.core.PalisadeException NOT_FOUND */
    void update(Device device);

    Optional<Device> find(DeviceId id);

    /** Ordered by id. */
    List<Device> list();

    /** Ordered by id. */
    List<Device> listByModel(String model);

    /** Device counts per (model, firmware version) of devices not decommissioned; the empty string stands for an unknown version. One aggregate query. */
    java.util.Map<String, java.util.Map<String, Long>> countByModelAndFirmware();
}
