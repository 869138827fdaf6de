package io.palisade.cli;

import java.util.List;

/**
 * Commands that live outside the client module (the server itself, the demo, the simulator), found with
 * {@link java.util.ServiceLoader} on the launcher's classpath. The CLI stays a pure HTTP client: it never links
 * to server or store classes; the launcher's classpath decides which extra commands exist.
 */
public interface CommandPlugin {
    /** picocli command objects (classes annotated with {@code @Command}), added under the top-level command. */
    List<Object> commands();
}
