package io.palisade.detect.response;

import io.palisade.core.PalisadeException;
import java.util.Locale;

/** What a playbook can do about an alert. */
public enum ActionType {
    QUARANTINE(true), RELEASE(false), REVOKE(true), FORCE_REENROLL(true), VIRTUAL_PATCH(false),
    NOTIFY_WEBHOOK(false), NOTIFY_SYSLOG(false);

    private final boolean destructive;

    ActionType(boolean destructive) {
        this.destructive = destructive;
    }

    /** Whether the action takes a device out of service or destroys its identity. */
    public boolean destructive() {
        return destructive;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionType parse(String s) {
        for (ActionType t : values()) {
            if (s != null && t.label().equals(s.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return t;
            }
        }
        throw PalisadeException.invalid("unknown action '" + s + "': use quarantine, release, revoke, force_reenroll,"
                + " virtual_patch:<patch-id>, notify_webhook or notify_syslog");
    }
}
