package io.palisade.cli;

import io.palisade.core.PalisadeException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The palisade command. Client commands talk to the running server over its API; they never open the database.
 * Commands that run the server, the demo or the simulator come from {@link CommandPlugin}s on the classpath.
 */
@Command(name = "palisade", mixinStandardHelpOptions = true, version = "palisade 0.1.0",
        description = "Secure-by-default IoT fleet platform.",
        subcommands = {ModelCommands.class, DeviceCommands.class,
                AdminCommands.Manufacturer.class, AdminCommands.Ca.class, AdminCommands.Audit.class, AdminCommands.Telemetry.class,
                FirmwareCommands.Firmware.class, RolloutCommands.Rollout.class, RolloutCommands.Group.class, DetectCommands.Alerts.class, DetectCommands.Incidents.class,
                DetectCommands.Response.class, DetectCommands.Detect.class, DetectCommands.Vpatch.class, EvidenceCommands.Vuln.class, EvidenceCommands.Assess.class,
                DelegatingCommands.TufClient.class, MudCommands.Mud.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        // our logging configuration, by name: HiveMQ's embedded jar carries a logback.xml of its own
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "palisade-logback.xml");
        }
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8), new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** The command tree: the client commands, then every plugin's commands; every command answers -h/--help. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            for (Object command : plugin.commands()) {
                cl.addSubcommand(command);
            }
        }
        withHelp(cl);
        return cl;
    }

    private static void withHelp(CommandLine cl) {
        if (!cl.getCommandSpec().mixinStandardHelpOptions() && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
            cl.getCommandSpec().mixinStandardHelpOptions(true);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            withHelp(sub);
        }
    }

    /** Runs one command line; returns the exit code (0 ok, 1 refused or failed, 2 usage, 3 server unreachable). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable e = ex;
            if (e instanceof ApiClient.CliError c) {
                err.println("error: " + c.getMessage());
                return c.exitCode;
            }
            if (e instanceof PalisadeException p) {
                err.println("error: " + p.getMessage());
                return 1;
            }
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException || e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
