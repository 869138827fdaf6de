package io.palisade.cli;

/**
 * The files through which a running server tells local clients where it is: the contract between the server
 * (which writes them in its data directory) and the CLI (which reads them).
 */
public final class ServerFiles {
    /** URLs and ports of the running server (0600). */
    public static final String SERVER_JSON = "server.json";
    /** The break-glass admin API token, written once on first start (0600). */
    public static final String ADMIN_TOKEN_FILE = "admin.token";

    private ServerFiles() {
    }
}
