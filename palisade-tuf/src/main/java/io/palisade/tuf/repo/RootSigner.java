package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;
import io.palisade.tuf.metadata.Key;
import io.palisade.tuf.metadata.Metadata;
import io.palisade.tuf.metadata.Role;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.metadata.Root;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The offline root workflow, run on an operator's machine holding the root keys: signs root version 1, or the next
 * root version (a rotation of root keys, of online keys, or a revocation), signed by the previous root's keys and the
 * new ones so that devices trusting the previous root accept it. The result is checked like a device would before it
 * is returned; the server then installs it with {@link TufRepository#installRoot(byte[])}.
 */
public final class RootSigner {
    private RootSigner() {
    }

    /**
     * Signs a new root.
     *
     * @param previous          the current signed root, or empty for version 1
     * @param online            the online roles' public keys to list
     * @param rootKeys          the root keys and threshold of the new root (all of them sign)
     * @param previousRootKeys  private keys of the previous root that sign too (at least its threshold); ignored for
     *                          version 1
     * @param expires           expiry of the new root (in the future)
     */
    public static byte[] newRoot(Optional<byte[]> previous, OnlineRoleKeys online, RootKeys rootKeys,
                                 List<SigningKey> previousRootKeys, Instant expires, Clock clock) throws TufException {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(online, "online");
        Objects.requireNonNull(rootKeys, "rootKeys");
        Objects.requireNonNull(previousRootKeys, "previousRootKeys");
        Objects.requireNonNull(expires, "expires");
        if (!expires.isAfter(clock.instant())) {
            throw new TufException("root expiry must be in the future");
        }
        Optional<Metadata<Root>> prev = previous.isPresent() ? Optional.of(RootChain.parseSelfSigned(previous.get()))
                : Optional.empty();
        long version = prev.map(p -> p.signed().version() + 1).orElse(1L);
        List<SigningKey> signers = new ArrayList<>(rootKeys.keys());
        if (prev.isPresent()) {
            signers.addAll(previousRootKeys);
        }
        byte[] signed = MetadataSigner.sign(MetadataSigner.root(version, expires, rootKeys.publicRole(), online), signers);
        if (prev.isPresent()) {
            RootChain.verifyNext(prev.get(), signed);
        } else {
            RootChain.parseSelfSigned(signed);
        }
        return signed;
    }

    /** A new root with the same root keys (e.g. online key rotation or revocation, or a root expiry refresh). */
    public static byte[] newRoot(Optional<byte[]> previous, OnlineRoleKeys online, RootKeys rootKeys, Instant expires,
                                 Clock clock) throws TufException {
        return newRoot(previous, online, rootKeys, rootKeys.keys(), expires, clock);
    }

    /** The online roles' public keys and thresholds listed by a signed root. */
    public static OnlineRoleKeys onlineRoles(byte[] signedRoot) throws TufException {
        Root r = RootChain.parseSelfSigned(signedRoot).signed();
        return new OnlineRoleKeys(roleKeys(r, RoleType.TARGETS), roleKeys(r, RoleType.SNAPSHOT), roleKeys(r, RoleType.TIMESTAMP));
    }

    static RoleKeys roleKeys(Root r, RoleType type) throws TufException {
        Role role = r.role(type);
        List<Key> keys = new ArrayList<>();
        for (String id : role.keyIds()) {
            Key k = r.findKey(id).orElseThrow(() -> new TufException("root lists key id " + id + " without its key"));
            keys.add(k);
        }
        try {
            return new RoleKeys(keys, role.threshold());
        } catch (IllegalArgumentException e) {
            throw new TufException("root role " + type.typeName() + ": " + e.getMessage(), e);
        }
    }
}
