package io.palisade.store;

import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceModel;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.store.ModelRepository;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The JDBC {@link ModelRepository} (device models) of one handle; see {@link JdbcRepositories}. */
final class JdbcModelRepository extends JdbcRepository implements ModelRepository {
    private static final RowMapper<DeviceModel> MODEL = (rs, ctx) -> new DeviceModel(rs.getString("name"),
            rs.getString("manufacturer"), YearMonth.parse(rs.getString("support_until")), rs.getString("mud_url"),
            RiskProfile.valueOf(rs.getString("risk_profile")), Sql.instant(rs, "created_at"));

    JdbcModelRepository(Handle h, boolean writable) {
        super(h, writable);
    }

    @Override
    public void insert(DeviceModel m) {
        Objects.requireNonNull(m, "model");
        requireWritable();
        if (exists("SELECT 1 FROM device_models WHERE name = :k", "k", m.name())) {
            throw PalisadeException.conflict("model '" + m.name() + "' already exists");
        }
        Sql.exec("insert model '" + m.name() + "'", () -> h.createUpdate("INSERT INTO device_models "
                + "(name, manufacturer, support_until, mud_url, risk_profile, created_at) "
                + "VALUES (:name, :manufacturer, :supportUntil, :mudUrl, :profile, :createdAt)")
                .bind("name", m.name())
                .bind("manufacturer", m.manufacturer())
                .bind("supportUntil", m.supportUntil().toString())
                .bind("mudUrl", m.mudUrl())
                .bind("profile", m.profile().name())
                .bind("createdAt", Sql.ts(m.createdAt()))
                .execute());
    }

    @Override
    public Optional<DeviceModel> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Sql.run("find model", () -> h.createQuery("SELECT * FROM device_models WHERE name = :name")
                .bind("name", name).map(MODEL).findOne());
    }

    @Override
    public List<DeviceModel> list() {
        return Sql.run("list models", () -> h.createQuery("SELECT * FROM device_models ORDER BY name")
                .map(MODEL).list());
    }
}
