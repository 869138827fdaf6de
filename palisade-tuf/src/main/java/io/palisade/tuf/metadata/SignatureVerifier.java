package io.palisade.tuf.metadata;

import io.palisade.tuf.TufException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Threshold signature verification (TUF spec §5: "verify that it is signed by a threshold of keys").
 *
 * <p>Only keys listed for the role count; each key counts at most once, whatever the number of signatures made with
 * its key id (duplicate signatures) and whatever the number of key ids it is listed under (the same key material under
 * two ids counts once). Keys of unsupported type or scheme, or with malformed material, never count.
 */
public final class SignatureVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);

    private SignatureVerifier() {
    }

    /** Number of distinct listed keys with a valid signature over {@code metadata}'s canonical signed bytes. */
    public static int countValidSignatures(Metadata<?> metadata, Map<String, Key> keys, List<String> roleKeyIds) {
        byte[] data = metadata.canonicalSigned();
        Set<String> countedIds = new HashSet<>();
        Set<ByteBuffer> countedMaterial = new HashSet<>();
        Set<String> allowed = Set.copyOf(roleKeyIds);
        for (Signature sig : metadata.signatures()) {
            if (!allowed.contains(sig.keyId()) || countedIds.contains(sig.keyId())) {
                continue;
            }
            Key key = keys.get(sig.keyId());
            if (key == null) {
                continue;
            }
            Optional<PublicKeys.Decoded> decoded = PublicKeys.decode(key);
            if (decoded.isEmpty()) {
                LOG.debug("key {} of type {}/{} is unsupported or malformed: not counted", sig.keyId(), key.keyType(), key.scheme());
                continue;
            }
            ByteBuffer material = ByteBuffer.wrap(decoded.get().identity());
            if (countedMaterial.contains(material)) {
                continue;
            }
            if (PublicKeys.verify(decoded.get(), sig.sig(), data)) {
                countedIds.add(sig.keyId());
                countedMaterial.add(material);
            }
        }
        return countedIds.size();
    }

    /** Fails unless {@code threshold} distinct listed keys signed {@code metadata}. */
    public static void verifyThreshold(Metadata<?> metadata, String roleName, Map<String, Key> keys,
                                       List<String> roleKeyIds, int threshold) throws TufException {
        int valid = countValidSignatures(metadata, keys, roleKeyIds);
        if (valid < threshold) {
            throw new TufException(roleName + ": signature threshold not met (" + valid + " of " + threshold
                    + " required valid signatures)");
        }
    }

    /** Verifies {@code metadata} with the keys root lists for the top-level role {@code role}. */
    public static void verifyWithRoot(Metadata<?> metadata, Root root, RoleType role) throws TufException {
        Role r = root.role(role);
        verifyThreshold(metadata, role.typeName(), root.keys(), r.keyIds(), r.threshold());
    }

    /** Verifies delegated targets metadata {@code roleName} with the delegation made by its delegator. */
    public static void verifyDelegated(Metadata<?> metadata, Delegations delegations, String roleName) throws TufException {
        DelegatedRole role = delegations.findRole(roleName)
                .orElseThrow(() -> new TufException("delegator does not delegate to role " + roleName));
        verifyThreshold(metadata, roleName, delegations.keys(), role.keyIds(), role.threshold());
    }
}
