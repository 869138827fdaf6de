package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;

import io.palisade.conformity.definition.IotDeviceDefinition;
import io.palisade.conformity.definition.IotTraits;
import io.palisade.conformity.definition.IotTraits.Operation;
import io.palisade.conformity.procurement.ProcurementCheck;
import io.palisade.conformity.procurement.ProcurementCheck.GapKind;
import io.palisade.conformity.procurement.VendorDeclarationParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DefinitionAndProcurementTest {
    @Test
    void iotDeviceDefinition() {
        var camera = IotDeviceDefinition.check(new IotTraits(2, 0, 1, Operation.STANDALONE, false));
        assertThat(camera.iotDevice()).isTrue();
        assertThat(camera.unmetCriteria()).isEmpty();
        var laptop = IotDeviceDefinition.check(new IotTraits(3, 0, 2, Operation.STANDALONE, true));
        assertThat(laptop.iotDevice()).isFalse();
        assertThat(laptop.unmetCriteria()).containsExactly("not-conventional-it");
        var module = IotDeviceDefinition.check(new IotTraits(1, 0, 1, Operation.COMPONENT_ONLY, false));
        assertThat(module.unmetCriteria()).containsExactly("functions-on-its-own");
        var offline = IotDeviceDefinition.check(new IotTraits(0, 1, 0, Operation.STANDALONE, false));
        assertThat(offline.unmetCriteria()).containsExactly("network-interface");
        var noTransducer = IotDeviceDefinition.check(new IotTraits(0, 0, 1, Operation.NEEDS_COMPANION, false));
        assertThat(noTransducer.iotDevice()).isFalse();
        assertThat(noTransducer.reasons()).anySatisfy(r -> assertThat(r).contains("no sensor or actuator"));
        assertThat(IotDeviceDefinition.check(new IotTraits(1, 1, 1, Operation.NEEDS_COMPANION, false)).reasons())
                .anySatisfy(r -> assertThat(r).contains("NIST IR 8425"));
    }

    @Test
    void procurementScoresAndListsGaps() {
        String json = """
                {"format":"palisade-vendor-declaration/1","vendor":"ACME","product":"Cam 3","date":"2026-10-01","declarations":[
                 {"requirement":"etsi-en-303-645:5.1-1","status":"met"},
                 {"requirement":"etsi-en-303-645:5.1-2","status":"met"},
                 {"requirement":"etsi-en-303-645:5.2-1","status":"met"},
                 {"requirement":"etsi-en-303-645:5.3-13","status":"met"},
                 {"requirement":"uk-psti:passwords","status":"not-met","justification":"admin/admin"},
                 {"requirement":"etsi-en-303-645:5.3-14","status":"not-applicable","justification":"all updatable"},
                 {"requirement":"etsi-en-303-645:5.3-16","status":"not-applicable"},
                 {"requirement":"etsi-en-303-645:5.7-1","status":"partial"},
                 {"requirement":"acme:secret-sauce","status":"met"}]}""";
        var decl = VendorDeclarationParser.parse(json.getBytes(StandardCharsets.UTF_8));
        var catalog = KnownFleetsTest.ASSESSOR.catalog();
        var psti = ProcurementCheck.score(catalog, decl, "consumer", "uk-psti");
        assertThat(psti.applicable()).isEqualTo(3);
        assertThat(psti.met()).isEqualTo(2);
        assertThat(psti.gaps()).anySatisfy(g -> {
            assertThat(g.requirementId()).isEqualTo("uk-psti:passwords");
            assertThat(g.kind()).isEqualTo(GapKind.NOT_MET);
        });
        assertThat(psti.score()).isBetween(66.0, 67.0);
        var full = ProcurementCheck.score(catalog, decl, "consumer", null);
        assertThat(full.gaps()).anySatisfy(g -> assertThat(g.kind()).isEqualTo(GapKind.UNKNOWN_ID));
        assertThat(full.gaps()).anySatisfy(g -> {
            assertThat(g.requirementId()).isEqualTo("etsi-en-303-645:5.3-16");
            assertThat(g.kind()).isEqualTo(GapKind.UNJUSTIFIED_NOT_APPLICABLE);
        });
        assertThat(full.gaps()).anySatisfy(g -> assertThat(g.kind()).isEqualTo(GapKind.PARTIAL));
        assertThat(full.gaps()).noneSatisfy(g -> assertThat(g.requirementId()).isEqualTo("etsi-en-303-645:5.3-14"));
        assertThat(full.gaps()).anySatisfy(g -> assertThat(g.kind()).isEqualTo(GapKind.MISSING));
        assertThat(full.mandatoryGaps()).isPositive();
        assertThat(full.score()).isLessThan(20.0);
    }
}
