package io.palisade.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of docs/ARCHITECTURE.md, checked on the classes of every Palisade module (this module
 * sees them all on its classpath): no package cycles inside any module, the CLI is a pure client, the core knows no
 * transport, SQL or JSON, and only the composition root builds the components that need wiring.
 */
class ArchitectureTest {
    private static JavaClasses all;

    @BeforeAll
    static void importClasses() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")).importPackages("io.palisade");
    }

    /** Each module's packages, one slice per package below the module's root package. */
    @Test
    void noPackageCyclesInsideAnyModule() {
        java.util.List<String> failures = new java.util.ArrayList<>();
        for (String module : Set.of("core", "pki", "store", "edge", "device", "tuf", "attest", "mud", "conformity", "vuln", "detect",
                "cli", "server", "demo", "json", "wire")) {
            var result = slices().matching("io.palisade." + module + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true).evaluate(all);
            if (result.hasViolation()) {
                failures.add(module + ": " + result.getFailureReport().getDetails().stream().limit(3).toList());
            }
        }
        org.assertj.core.api.Assertions.assertThat(failures).as("package cycles").isEmpty();
        // the root package of the server (the composition root) may import every capability package, but none of them imports it
        noClasses().that().resideInAPackage("io.palisade.server.(*)..").should().dependOnClassesThat()
                .resideInAPackage("io.palisade.server").check(all);
    }

    @Test
    void theCliIsOnlyAClientOfTheServer() {
        noClasses().that().resideInAPackage("io.palisade.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("io.palisade.server..", "io.palisade.store..", "io.palisade.edge..", "io.palisade.demo..",
                        "io.palisade.device..", "org.h2..", "org.jdbi..", "io.javalin..", "com.hivemq..")
                .check(all);
    }

    @Test
    void theCoreKnowsNoTransportSqlOrJson() {
        noClasses().that().resideInAPackage("io.palisade.core..").should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "com.fasterxml..", "io.javalin..", "com.hivemq..", "org.jdbi..",
                        "jakarta.servlet..", "org.eclipse.jetty..", "java.net.http..")
                .check(all);
    }

    @Test
    void librariesNeverReachIntoTheServerOrTheCli() {
        noClasses().that().resideInAnyPackage("io.palisade.core..", "io.palisade.pki..", "io.palisade.store..", "io.palisade.edge..",
                        "io.palisade.device..", "io.palisade.tuf..", "io.palisade.attest..", "io.palisade.mud..", "io.palisade.conformity..",
                        "io.palisade.vuln..", "io.palisade.detect..", "io.palisade.json..", "io.palisade.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("io.palisade.server..", "io.palisade.cli..", "io.palisade.demo..")
                .check(all);
    }

    /**
     * Components that need wiring (services, route modules, record stores, the registry, the alert and response
     * engines, the update repository) are built only by the composition root ({@code io.palisade.server.PalisadeServer}).
     */
    @Test
    void onlyTheCompositionRootBuildsComponents() {
        DescribedPredicate<JavaClass> component = new DescribedPredicate<>("a component that needs wiring") {
            @Override
            public boolean test(JavaClass c) {
                String n = c.getName();
                if (n.startsWith("io.palisade.server.") && !n.contains("$")) {
                    String s = c.getSimpleName();
                    return s.endsWith("Service") || s.endsWith("Routes") || s.endsWith("Store") || s.endsWith("Repository")
                            || s.endsWith("Catalog") || s.equals("VirtualPatches") || s.equals("DeviceDirectory")
                            || s.equals("RecordActionLog") || s.equals("DisclosureConfig") || s.equals("ApiAuthenticator")
                            || s.equals("CloudSampler") || s.equals("LivePlatformFacts") || s.equals("LiveFleetSnapshot");
                }
                return Set.of("io.palisade.core.registry.DeviceRegistry", "io.palisade.core.registry.EnrollmentService",
                        "io.palisade.detect.alert.AlertService", "io.palisade.detect.response.ResponseEngine",
                        "io.palisade.detect.incident.IncidentService", "io.palisade.detect.behaviour.DetectionEngine",
                        "io.palisade.detect.vpatch.VirtualPatchEngine").contains(n);
            }
        };
        ArchRule rule = noClasses().that().resideOutsideOfPackages("io.palisade.bench..").and()
                .doNotHaveFullyQualifiedName("io.palisade.server.PalisadeServer")
                .and().resideInAnyPackage("io.palisade.server..", "io.palisade.cli..", "io.palisade.demo..")
                .should().callConstructorWhere(new DescribedPredicate<JavaConstructorCall>("the constructor of " + component.getDescription()) {
                    @Override
                    public boolean test(JavaConstructorCall call) {
                        return component.test(call.getTargetOwner()) && !call.getOriginOwner().equals(call.getTargetOwner());
                    }
                });
        rule.check(all);
    }
}
