package io.palisade.server.detect;

import io.palisade.detect.alert.Alert;
import io.palisade.detect.alert.AlertService;
import io.palisade.detect.alert.Signal;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one way capabilities raise signals: a broken signal is logged and detection goes on (never throws). */
public final class QuietSignals implements Consumer<Signal> {
    private static final Logger LOG = LoggerFactory.getLogger(QuietSignals.class);
    private final AlertService alerts;

    public QuietSignals(AlertService alerts) {
        this.alerts = alerts;
    }

    public Optional<Alert> raise(Signal s) {
        try {
            return Optional.of(alerts.raise(s).alert());
        } catch (RuntimeException e) {
            LOG.warn("signal {} about {} not raised: {}", s.type(), s.subject(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void accept(Signal s) {
        raise(s);
    }
}
