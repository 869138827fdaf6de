package io.palisade.vuln.disclosure;

import io.palisade.core.device.DeviceModel;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * End-of-life check: every model declares the last month of its security-update support. A model whose month has
 * passed is ENDED; one ending within the warning window is ENDING_SOON. Support lasts until the end of the
 * declared month (UTC).
 */
public final class SupportPeriods {
    public enum State {
        ENDED, ENDING_SOON, OK
    }

    public record ModelSupport(String model, String manufacturer, YearMonth supportUntil) {
        public ModelSupport {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(supportUntil, "supportUntil");
        }

        public static ModelSupport of(DeviceModel m) {
            return new ModelSupport(m.name(), m.manufacturer(), m.supportUntil());
        }
    }

    public record Status(String model, String manufacturer, YearMonth supportUntil, Instant supportEndsAt, State state,
            long devices) {
    }

    private SupportPeriods() {
    }

    /** Checks every model; {@code devicesPerModel} comes from a GROUP BY on the device store (missing → 0). */
    public static List<Status> check(List<ModelSupport> models, Map<String, Long> devicesPerModel, Instant now, Period warningWindow) {
        List<Status> out = new ArrayList<>();
        for (ModelSupport m : models) {
            Instant end = m.supportUntil().plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            State s;
            if (!now.isBefore(end)) {
                s = State.ENDED;
            } else if (!now.atZone(ZoneOffset.UTC).plus(warningWindow).toInstant().isBefore(end)) {
                s = State.ENDING_SOON;
            } else {
                s = State.OK;
            }
            out.add(new Status(m.model(), m.manufacturer(), m.supportUntil(), end, s, devicesPerModel.getOrDefault(m.model(), 0L)));
        }
        out.sort(Comparator.comparing(Status::state).thenComparing(Status::supportEndsAt).thenComparing(Status::model));
        return out;
    }

    /** Alerts for models with devices that are past or near the end of support. */
    public static List<Alert> alerts(List<Status> statuses) {
        List<Alert> out = new ArrayList<>();
        for (Status s : statuses) {
            if (s.state() == State.OK || s.devices() == 0) {
                continue;
            }
            boolean ended = s.state() == State.ENDED;
            out.add(new Alert(ended ? Alert.Kind.SUPPORT_ENDED : Alert.Kind.SUPPORT_ENDING_SOON, s.model(), s.state().name(),
                    s.supportEndsAt(), s.devices() + " device(s) of model " + SafeText.plain(s.model())
                            + (ended ? " are past their support period (ended " : " reach the end of support on ") + s.supportUntil()
                            + (ended ? ")" : "")));
        }
        return out;
    }
}
