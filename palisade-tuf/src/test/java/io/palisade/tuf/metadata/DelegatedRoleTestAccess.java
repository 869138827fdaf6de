package io.palisade.tuf.metadata;

/** Test access to package-private helpers. */
public final class DelegatedRoleTestAccess {
    private DelegatedRoleTestAccess() {
    }

    public static String sha256Hex(String s) {
        return DelegatedRole.sha256Hex(s);
    }
}
