package io.palisade.demo;

import io.palisade.server.PalisadeServer;
import io.palisade.server.config.ServerConfig;
import io.palisade.core.device.Device;
import io.palisade.core.device.DeviceId;
import io.palisade.core.device.LifecycleState;
import io.palisade.core.device.RiskProfile;
import io.palisade.core.identity.RevocationReason;
import io.palisade.device.FleetSimulator;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code palisade demo}: the server plus a simulated fleet of three models that enrolls over EST with one-time
 * tokens and streams telemetry over mutual TLS.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    record SampleModel(String name, String manufacturer, YearMonth supportUntil, String mudUrl, RiskProfile profile, String prefix) {
    }

    static final List<SampleModel> MODELS = List.of(
            new SampleModel("acme-cam", "Acme", YearMonth.of(2031, 12), "https://mud.acme.example/acme-cam.json", RiskProfile.CONSUMER, "cam"),
            new SampleModel("acme-plug", "Acme", YearMonth.of(2030, 6), "https://mud.acme.example/acme-plug.json", RiskProfile.CONSUMER, "plug"),
            new SampleModel("acme-plc-gw", "Acme Industrial", YearMonth.of(2036, 12), null, RiskProfile.INDUSTRIAL, "plc"));

    private final PalisadeServer server;
    private final FleetSimulator simulator;
    private final Thread simThread;

    private final DemoStory story;

    private Demo(PalisadeServer server, FleetSimulator simulator, Thread simThread, DemoStory story) {
        this.story = story;
        this.server = server;
        this.simulator = simulator;
        this.simThread = simThread;
    }

    public static Demo start(ServerConfig cfg, int perModel, PrintWriter out) {
        if (perModel < 1 || perModel > 1000) {
            throw new IllegalArgumentException("--devices must be between 1 and 1000");
        }
        PalisadeServer s = PalisadeServer.start(cfg);
        try {
            var reg = s.registry();
            List<FleetSimulator.SimDevice> fleet = new ArrayList<>();
            java.util.Map<DeviceId, Device> existing = new java.util.HashMap<>();
            reg.devices().forEach(d -> existing.put(d.id(), d));
            for (SampleModel m : MODELS) {
                if (reg.models().stream().noneMatch(x -> x.name().equals(m.name()))) {
                    reg.createModel("demo", m.name(), m.manufacturer(), m.supportUntil(), m.mudUrl(), m.profile());
                }
                for (int i = 1; i <= perModel; i++) {
                    DeviceId id = DeviceId.of(String.format("%s-%04d", m.prefix(), i));
                    Device d = existing.get(id);
                    if (d == null) {
                        reg.register("demo", id, m.name(), "demo-owner", "1.0.0");
                    } else if (d.state() == LifecycleState.DECOMMISSIONED) {
                        continue;
                    } else if (d.state() != LifecycleState.REGISTERED) {
                        // simulated devices keep their keys in memory only: a new demo run re-enrolls them
                        reg.revoke("demo", id, RevocationReason.SUPERSEDED);
                    }
                    fleet.add(new FleetSimulator.SimDevice(id.value(), m.name(), reg.issueEnrollmentToken("demo", id, Duration.ofMinutes(30))));
                }
            }
            URI est = URI.create("https://localhost:" + s.httpsPort() + "/.well-known/est/");
            byte[] tufRoot = DemoStory.provisionRoot(s);
            FleetSimulator sim = new FleetSimulator(new FleetSimulator.Config(est, "localhost", s.mqttPort(), s.ca().rootCertificate(),
                    fleet, 0.5, null, 4), new FleetSimulator.UpdateOptions(s.dataDir().resolve("demo-devices"), tufRoot,
                    URI.create("https://localhost:" + s.httpsPort() + "/tuf"), id -> "1.0", null, 8));
            Thread t = new Thread(() -> {
                long[] lastPrint = {0};
                FleetSimulator.Summary sum = sim.run(p -> {
                    long now = System.currentTimeMillis();
                    if (now - lastPrint[0] >= 15_000) {
                        lastPrint[0] = now;
                        LOG.info("fleet: {}/{} enrolled, {} connected, {} messages sent, {} acknowledged, {} errors",
                                p.enrolled(), p.total(), p.connected(), p.sent(), p.acknowledged(), p.errors());
                    }
                });
                LOG.info("fleet stopped: {} enrolled, {} connected, {} sent, {} acknowledged, {} errors{}", sum.enrolled(), sum.connected(),
                        sum.sent(), sum.acknowledged(), sum.errors(), sum.errorSamples().isEmpty() ? "" : " e.g. " + sum.errorSamples());
            }, "demo-fleet");
            t.setDaemon(true);
            t.start();
            banner(out, s, fleet.size());
            DemoStory story = new DemoStory(s, sim, fleet.size(), out);
            Thread st = new Thread(story, "demo-story");
            st.setDaemon(true);
            st.start();
            return new Demo(s, sim, t, story);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("demo setup failed: " + e.getMessage(), e);
        }
    }

    private static void banner(PrintWriter out, PalisadeServer s, int devices) {
        String dd = s.dataDir().toString();
        String api = "http://127.0.0.1:" + s.httpPort();
        String dataOpt = s.config().dataDir().toString().equals("palisade-data") ? "" : " --data-dir " + dd;
        out.printf("""

                ================================================================================
                 Palisade demo: %d simulated devices (models %s) enroll over EST with one-time
                 tokens and stream telemetry over MQTT with mutual TLS.
                ================================================================================
                 HTTPS API + EST   https://localhost:%d   (EST: /.well-known/est/)
                 local HTTP API    %s   (127.0.0.1 only)
                 OpenAPI           %s/openapi.json
                 Prometheus        %s/metrics
                 CRL / OCSP        %s/pki/crl   %s/pki/ocsp
                 MQTT (mTLS)       localhost:%d   topics palisade/v1/d/<id>/...
                 admin token       %s/admin.token   (0600; the API wants 'Authorization: Bearer <token>')

                 Try, from another shell:
                   ./palisade device list%s
                   ./palisade telemetry --id cam-0001 --since 5m%s
                   curl -s -H "Authorization: Bearer $(cat %s/admin.token)" %s/api/v1/devices/cam-0001/metrics
                   ./palisade device quarantine --id cam-0002%s      (then: device release)
                   ./palisade device revoke --id plug-0001%s         (its session is cut within a second)
                   ./palisade audit verify%s
                 Ctrl-C stops the demo.
                """, devices, MODELS.stream().map(SampleModel::name).toList(), s.httpsPort(), api, api, api, api, api, s.mqttPort(), dd,
                dataOpt, dataOpt, dd, api, dataOpt, dataOpt, dataOpt);
        out.flush();
    }

    @Override
    public void close() {
        story.stop();
        simulator.stop();
        try {
            simThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
