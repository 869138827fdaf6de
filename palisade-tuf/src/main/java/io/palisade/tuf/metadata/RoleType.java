package io.palisade.tuf.metadata;

/** The four metadata types ({@code _type}) of TUF 1.0. */
public enum RoleType {
    ROOT("root"), TIMESTAMP("timestamp"), SNAPSHOT("snapshot"), TARGETS("targets");

    private final String typeName;

    RoleType(String typeName) {
        this.typeName = typeName;
    }

    /** The {@code _type} string, also the name of the top-level role. */
    public String typeName() {
        return typeName;
    }
}
