package io.palisade.demo;

import io.palisade.server.ServerCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code palisade demo}: the server with a simulated fleet and the story of the product. */
@Command(name = "demo", description = "Start the server with a simulated fleet of a few models and show what to look at. Runs until Ctrl-C.")
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerCommand.Options options;
    @Option(names = "--devices", defaultValue = "3", description = "simulated devices per model (default: ${DEFAULT-VALUE})")
    int perModel;
    @Option(names = "--duration", description = "stop by itself after this long, e.g. 60s (default: run until Ctrl-C)")
    String duration;

    @Override
    public Integer call() throws Exception {
        Duration d = duration == null ? null : SimulateCommand.parseDuration(duration);
        Demo demo = Demo.start(options.config(), perModel, spec.commandLine().getOut());
        ServerCommand.awaitShutdown(demo, d);
        return 0;
    }

    /** Registers {@code demo} and {@code simulate} with the palisade command. */
    public static final class Plugin implements io.palisade.cli.CommandPlugin {
        @Override
        public List<Object> commands() {
            return List.of(new DemoCommand(), new SimulateCommand());
        }
    }
}
