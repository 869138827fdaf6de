package io.palisade.server.update;

import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.device.DeviceId;
import io.palisade.core.store.Store;
import io.palisade.server.support.Records;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Named device groups (rollout targets, security-profile scopes), kept as {@code group} records. */
public final class Groups {
    static final String KIND = "group";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MAX_MEMBERS = 100_000;

    public record Group(String name, List<String> devices, Instant updatedAt) {
    }

    private Groups() {
    }

    public static Group set(Store store, String actor, String name, List<String> devices, Instant now) {
        check(name);
        if (devices.size() > MAX_MEMBERS) {
            throw PalisadeException.invalid("a group holds at most " + MAX_MEMBERS + " devices");
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String d : devices) {
            ids.add(DeviceId.of(d).value());
        }
        Group g = new Group(name, List.copyOf(ids), now);
        store.transaction(tx -> {
            for (String d : ids) {
                if (tx.devices().find(DeviceId.of(d)).isEmpty()) {
                    throw PalisadeException.notFound("device '" + d + "' does not exist");
                }
            }
            tx.records().put(KIND, name, Records.write(g), now);
            AuditLog.append(tx.audit(), now, actor, AuditAction.GROUP_CHANGED, "group:" + name, ids.size() + " devices");
            return null;
        });
        return g;
    }

    public static Group get(Store store, String name) {
        check(name);
        return store.read(tx -> tx.records().find(KIND, name)).map(r -> Records.read(r.body(), Group.class))
                .orElseThrow(() -> PalisadeException.notFound("no group '" + name + "'"));
    }

    public static Set<String> members(Store store, String name) {
        return Set.copyOf(get(store, name).devices());
    }

    public static List<Group> list(Store store) {
        return store.read(tx -> tx.records().list(KIND, "", 10_000)).stream().map(r -> Records.read(r.body(), Group.class)).toList();
    }

    private static void check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PalisadeException.invalid("invalid group name: use 1-64 characters from A-Z a-z 0-9 . _ -");
        }
    }
}
