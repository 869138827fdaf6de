package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.LifecycleState;
import io.palisade.core.store.DeviceRepository;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link DeviceRepository} (devices) of one handle; see {@link JdbcRepositories}. */
final class JdbcDeviceRepository extends JdbcRepository implements DeviceRepository {
    private static final RowMapper<Device> DEVICE = (rs, ctx) -> new Device(DeviceId.of(rs.getString("id")),
            rs.getString("model"), LifecycleState.valueOf(rs.getString("state")), rs.getString("owner_name"),
            rs.getString("firmware"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));

    JdbcDeviceRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public void insert(Device d) {
        Objects.requireNonNull(d, "device");
        requireWritable();
        if (exists("SELECT 1 FROM devices WHERE id = :k", "k", d.id().value())) {
            throw PalisadeException.conflict("device '" + d.id() + "' already exists");
        }
        Sql.exec("insert device '" + d.id() + "'", () -> h.createUpdate("INSERT INTO devices "
                + "(id, model, state, owner_name, firmware, created_at, updated_at) "
                + "VALUES (:id, :model, :state, :owner, :firmware, :createdAt, :updatedAt)")
                .bind("id", d.id().value())
                .bind("model", d.model())
                .bind("state", d.state().name())
                .bind("owner", d.owner())
                .bind("firmware", d.firmware())
                .bind("createdAt", Sql.ts(d.createdAt()))
                .bind("updatedAt", Sql.ts(d.updatedAt()))
                .execute());
    }

    @Override
    public void update(Device d) {
        Objects.requireNonNull(d, "device");
        requireWritable();
        int n = Sql.run("update device '" + d.id() + "'", () -> h.createUpdate("UPDATE devices SET state = :state, "
                + "owner_name = :owner, firmware = :firmware, updated_at = :updatedAt WHERE id = :id")
                .bind("id", d.id().value())
                .bind("state", d.state().name())
                .bind("owner", d.owner())
                .bind("firmware", d.firmware())
                .bind("updatedAt", Sql.ts(d.updatedAt()))
                .execute());
        requireOne(n, "device '" + d.id() + "'");
    }

    @Override
    public Optional<Device> find(DeviceId id) {
        if (id == null) {
            return Optional.empty();
        }
        return Sql.run("find device", () -> h.createQuery("SELECT * FROM devices WHERE id = :id")
                .bind("id", id.value()).map(DEVICE).findOne());
    }

    @Override
    public List<Device> list() {
        return Sql.run("list devices", () -> h.createQuery("SELECT * FROM devices ORDER BY id").map(DEVICE).list());
    }

    @Override
    public java.util.Map<String, java.util.Map<String, Long>> countByModelAndFirmware() {
        java.util.Map<String, java.util.Map<String, Long>> out = new java.util.TreeMap<>();
        Sql.exec("count devices per model and firmware", () -> h.createQuery(
                "SELECT model, firmware, COUNT(*) AS n FROM devices WHERE state <> 'DECOMMISSIONED' GROUP BY model, firmware")
                .map((rs, ctx) -> {
                    String fw = rs.getString("firmware");
                    out.computeIfAbsent(rs.getString("model"), k -> new java.util.TreeMap<>())
                            .merge(fw == null ? "" : fw, rs.getLong("n"), Long::sum);
                    return 1;
                }).list());
        return out;
    }

    @Override
    public List<Device> listByModel(String model) {
        return Sql.run("list devices", () -> h.createQuery("SELECT * FROM devices WHERE model = :model ORDER BY id")
                .bind("model", model).map(DEVICE).list());
    }
}
