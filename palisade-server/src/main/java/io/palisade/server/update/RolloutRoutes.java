package io.palisade.server.update;

import io.palisade.server.http.Params;
import io.palisade.server.http.RouteModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.PalisadeException;
import io.palisade.core.store.Store;
import io.palisade.core.update.DeviceUpdate;
import io.palisade.core.update.Rollout;
import io.palisade.server.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;


/** REST face of rollouts and device groups: translates and delegates to {@link RolloutService} and {@link Groups}. */
public final class RolloutRoutes implements RouteModule {
    private final RolloutService rollouts;
    private final Store store;

    public RolloutRoutes(RolloutService rollouts, Store store) {
        this.rollouts = rollouts;
        this.store = store;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StartRequest(String model, String version, String group, String waves, String maxFailure, String pauseBetween,
                               String waveTimeout) {
    }

    public record GroupRequest(List<String> devices) {
    }

    /** Rollout as shown to users. */
    public record RolloutView(String id, String model, String version, String target, String group, String state, int wave,
                              int waves, List<Integer> wavePercents, String maxFailure, String pauseBetween, String reason,
                              String createdBy, Instant createdAt, Instant updatedAt) {
        static RolloutView of(Rollout r) {
            return new RolloutView(r.id(), r.model(), r.version(), r.targetPath(), r.group(), r.state().label(), r.wave() + 1,
                    r.waves().size(), r.waves(), String.format(java.util.Locale.ROOT, "%.1f%%", r.maxFailure() * 100),
                    r.pauseBetween().toString(), r.reason(), r.createdBy(), r.createdAt(), r.updatedAt());
        }
    }

    public record StatusView(RolloutView rollout, int devices, int succeeded, int failed, List<RolloutService.WaveView> waves) {
    }

    public record DeviceView(String device, int wave, String step, String reason, String from, Instant updatedAt) {
        static DeviceView of(DeviceUpdate u) {
            return new DeviceView(u.deviceId().value(), u.wave() + 1, u.step().label(), u.reason(), u.fromVersion(), u.updatedAt());
        }
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/rollouts", this::start);
        app.get("/api/v1/rollouts", ctx -> ctx.json(rollouts.list().stream().map(RolloutView::of).toList()));
        app.get("/api/v1/rollouts/{id}", ctx -> ctx.json(status(ctx.pathParam("id"))));
        app.get("/api/v1/rollouts/{id}/devices", ctx -> ctx.json(rollouts.devices(ctx.pathParam("id")).stream().map(DeviceView::of).toList()));
        app.post("/api/v1/rollouts/{id}/pause", ctx -> ctx.json(RolloutView.of(rollouts.pause(Params.actor(ctx), ctx.pathParam("id")))));
        app.post("/api/v1/rollouts/{id}/resume", ctx -> ctx.json(RolloutView.of(rollouts.resume(Params.actor(ctx), ctx.pathParam("id")))));
        app.post("/api/v1/rollouts/{id}/abort", ctx -> ctx.json(RolloutView.of(rollouts.abort(Params.actor(ctx), ctx.pathParam("id")))));
        app.put("/api/v1/groups/{name}", ctx -> {
            GroupRequest r = Json.body(ctx, GroupRequest.class);
            if (r.devices() == null) {
                throw PalisadeException.invalid("field 'devices' (a list of device ids) is required");
            }
            ctx.json(Groups.set(store, Params.actor(ctx), ctx.pathParam("name"), r.devices(), Instant.now()));
        });
        app.get("/api/v1/groups", ctx -> ctx.json(Groups.list(store)));
        app.get("/api/v1/groups/{name}", ctx -> ctx.json(Groups.get(store, ctx.pathParam("name"))));
    }

    private StatusView status(String id) {
        RolloutService.Status s = rollouts.status(id);
        return new StatusView(RolloutView.of(s.rollout()), s.devices(), s.succeeded(), s.failed(), s.waves());
    }

    private void start(Context ctx) {
        StartRequest r = Json.body(ctx, StartRequest.class);
        if (r.model() == null || r.version() == null) {
            throw PalisadeException.invalid("fields 'model' and 'version' are required");
        }
        List<Integer> waves = Rollout.parseWaves(r.waves() == null ? "1%,10%,50%,100%" : r.waves());
        double maxFailure = Rollout.parseRate(r.maxFailure() == null ? "5%" : r.maxFailure());
        Duration pause = duration(r.pauseBetween(), Duration.ZERO, "pauseBetween");
        Duration timeout = duration(r.waveTimeout(), RolloutService.DEFAULT_WAVE_TIMEOUT, "waveTimeout");
        Rollout started = rollouts.start(Params.actor(ctx), new RolloutService.StartRequest(r.model(), r.version(), r.group(),
                waves, maxFailure, pause, timeout));
        ctx.status(201).json(status(started.id()));
    }

    /** Parses "10m", "30s", "2h", "1d" or an ISO-8601 duration. */
    public static Duration duration(String text, Duration dflt, String field) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
            if (d.isNegative() || d.compareTo(Duration.ofDays(30)) > 0) {
                throw PalisadeException.invalid(field + " must be between 0 and 30 days");
            }
            return d;
        } catch (NumberFormatException | StringIndexOutOfBoundsException | java.time.format.DateTimeParseException e) {
            throw PalisadeException.invalid(field + " '" + text + "' is not a duration like 30s, 10m, 2h or 1d");
        }
    }

}
