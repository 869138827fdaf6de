package io.palisade.tuf.repo;

import io.palisade.tuf.TufException;
import io.palisade.tuf.UpdaterConfig;
import io.palisade.tuf.metadata.Metadata;
import io.palisade.tuf.metadata.MetadataParser;
import io.palisade.tuf.metadata.RoleType;
import io.palisade.tuf.metadata.Root;
import io.palisade.tuf.metadata.SignatureVerifier;

/** The root rotation rule of the client workflow (spec §5.3.4-5.3.5), for the repository and the offline signer. */
public final class RootChain {
    private RootChain() {
    }

    /** Parses a root and checks it is signed by a threshold of its own root keys. */
    public static Metadata<Root> parseSelfSigned(byte[] data) throws TufException {
        Metadata<Root> root = MetadataParser.parseRoot(data, UpdaterConfig.DEFAULT_ROOT_MAX_LENGTH);
        try {
            SignatureVerifier.verifyWithRoot(root, root.signed(), RoleType.ROOT);
        } catch (TufException e) {
            throw new TufException("root version " + root.signed().version()
                    + " is not signed by a threshold of its own root keys: " + e.getMessage(), e);
        }
        return root;
    }

    /**
     * Checks that {@code next} is the successor of {@code current}: version + 1, signed by a threshold of the
     * current root's keys AND by a threshold of its own root keys.
     */
    public static Metadata<Root> verifyNext(Metadata<Root> current, byte[] next) throws TufException {
        Metadata<Root> candidate = MetadataParser.parseRoot(next, UpdaterConfig.DEFAULT_ROOT_MAX_LENGTH);
        long expected = current.signed().version() + 1;
        if (candidate.signed().version() != expected) {
            throw new TufException("root: expected version " + expected + " but got " + candidate.signed().version());
        }
        try {
            SignatureVerifier.verifyWithRoot(candidate, current.signed(), RoleType.ROOT);
        } catch (TufException e) {
            throw new TufException("root version " + expected + " is not signed by a threshold of the keys of root version "
                    + current.signed().version() + ": " + e.getMessage(), e);
        }
        try {
            SignatureVerifier.verifyWithRoot(candidate, candidate.signed(), RoleType.ROOT);
        } catch (TufException e) {
            throw new TufException("root version " + expected + " is not signed by a threshold of its own root keys: "
                    + e.getMessage(), e);
        }
        return candidate;
    }
}
