package io.palisade.mud.model;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed RFC 8520 MUD file: the {@code ietf-mud:mud} container and the ACLs it references.
 * {@code acls} keeps document order. Every name in the two policies exists in {@code acls}.
 */
public record MudProfile(URI mudUrl, OffsetDateTime lastUpdate, Optional<URI> mudSignature, int cacheValidityHours,
                         boolean supported, Optional<String> systemInfo, Optional<String> mfgName,
                         Optional<String> modelName, Optional<String> firmwareRev, Optional<String> softwareRev,
                         Optional<URI> documentation, List<String> extensions, List<String> fromDevicePolicy,
                         List<String> toDevicePolicy, Map<String, Acl> acls) {

    public static final int MUD_VERSION = 1;
    public static final int DEFAULT_CACHE_VALIDITY_HOURS = 48;
    public static final int MAX_SYSTEMINFO_LENGTH = 60;

    public MudProfile {
        Objects.requireNonNull(mudUrl, "mudUrl");
        Objects.requireNonNull(lastUpdate, "lastUpdate");
        Objects.requireNonNull(mudSignature, "mudSignature");
        Objects.requireNonNull(systemInfo, "systemInfo");
        Objects.requireNonNull(mfgName, "mfgName");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(firmwareRev, "firmwareRev");
        Objects.requireNonNull(softwareRev, "softwareRev");
        Objects.requireNonNull(documentation, "documentation");
        extensions = List.copyOf(extensions);
        fromDevicePolicy = List.copyOf(fromDevicePolicy);
        toDevicePolicy = List.copyOf(toDevicePolicy);
        acls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(acls));
        if (cacheValidityHours < 1 || cacheValidityHours > 168) {
            throw new IllegalArgumentException("cache-validity must be 1..168 hours");
        }
        if (systemInfo.isPresent() && systemInfo.get().codePointCount(0, systemInfo.get().length())
                > MAX_SYSTEMINFO_LENGTH) {
            throw new IllegalArgumentException("systeminfo longer than 60 characters");
        }
        for (String n : fromDevicePolicy) {
            if (!acls.containsKey(n)) {
                throw new IllegalArgumentException("from-device-policy references unknown ACL " + n);
            }
        }
        for (String n : toDevicePolicy) {
            if (!acls.containsKey(n)) {
                throw new IllegalArgumentException("to-device-policy references unknown ACL " + n);
            }
        }
    }

    /** Authority (host) of the MUD URL, lower-case: what {@code manufacturer} / {@code same-manufacturer} match. */
    public String manufacturerAuthority() {
        return mudUrl.getHost().toLowerCase(java.util.Locale.ROOT);
    }

    /** The ACLs of one direction's policy, in policy order. */
    public List<Acl> policy(Direction direction) {
        List<String> names = direction == Direction.FROM_DEVICE ? fromDevicePolicy : toDevicePolicy;
        return names.stream().map(acls::get).toList();
    }
}
