package io.palisade.conformity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.conformity.assess.AssessmentRequest;
import io.palisade.conformity.assess.AssessmentResult;
import io.palisade.conformity.attest.Attestation;
import io.palisade.conformity.attest.AttestationParser;
import io.palisade.conformity.catalog.Catalog;
import io.palisade.conformity.evidence.Facts.ModelFacts;
import io.palisade.conformity.evidence.Facts.ModelInventory;
import io.palisade.conformity.procurement.VendorDeclarationParser;
import io.palisade.conformity.report.HtmlReport;
import io.palisade.conformity.report.JsonReport;
import io.palisade.core.PalisadeException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReportAndParserTest {
    static final Catalog CATALOG = KnownFleetsTest.ASSESSOR.catalog();
    static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(30)
    void htmlEscapesHostileStringsAndOrdersFailuresFirst() {
        ModelFacts evil = new ModelFacts("cam-x", HOSTILE, YearMonth.of(2020, 1), true, null, null, false, "consumer", null, 5);
        var facts = Fleets.withModels(Fleets.sharedKey(), new ModelInventory(List.of(Fleets.camera(), evil), Fleets.p("models")));
        Attestation a = new Attestation("etsi-en-303-645:5.7-1", Attestation.Claim.IMPLEMENTED, HOSTILE, HOSTILE,
                LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), "javascript:" + HOSTILE);
        AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), facts, List.of(a));
        String html = HtmlReport.render(res);
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=alert(1)>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img");
        assertThat(html.indexOf("FAIL</span>")).isPositive().isLessThan(html.indexOf("PASS</span>"));
        assertThat(html).contains("self-attested").contains("Evidence: every device holds its own key");
        assertThat(HtmlReport.esc("a\u0000b")).isEqualTo("a&#xFFFD;b");
    }

    @Test
    @Timeout(30)
    void jsonReportRoundTripsTimestamps() {
        AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), Fleets.compliant(), List.of());
        String json = JsonReport.write(res);
        assertThat(json).contains("\"assessedAt\" : \"2026-11-22T10:00:00Z\"").contains("\"verdict\" : \"PASS\"");
    }

    @Test
    @Timeout(30)
    void attestationFileParsesAndRejectsBadInput() {
        String ok = """
                {"format":"palisade-attestations/1","attestations":[
                 {"requirement":"etsi-en-303-645:5.7-1","claim":"implemented","owner":"J. Doe","statement":"secure boot",
                  "date":"2026-01-01","expires":"2025-12-31"}]}""";
        assertThatThrownBy(() -> AttestationParser.parse(b(ok), CATALOG)).isInstanceOf(PalisadeException.class)
                .hasMessageContaining("is before date");
        List<Attestation> parsed = AttestationParser.parse(b(ok.replace("2025-12-31", "2026-06-30")), CATALOG);
        assertThat(parsed).singleElement().satisfies(x -> assertThat(x.expires()).isEqualTo(LocalDate.of(2026, 6, 30)));
        AssessmentResult res = KnownFleetsTest.ASSESSOR.assess(AssessmentRequest.of("consumer"), Fleets.compliant(), parsed);
        assertThat(res.find("etsi-en-303-645:5.7-1").orElseThrow().reasons())
                .anySatisfy(s -> assertThat(s).contains("attestation expired on 2026-06-30"));
        assertThatThrownBy(() -> AttestationParser.parse(b(ok.replace("5.7-1", "9.9-9")), CATALOG))
                .hasMessageContaining("unknown requirement id 'etsi-en-303-645:9.9-9'");
        assertThatThrownBy(() -> AttestationParser.parse(b(ok.replace("5.7-1", "5.4-4")), CATALOG))
                .hasMessageContaining("observed on the platform");
        assertThatThrownBy(() -> AttestationParser.parse(b(ok.replace("\"claim\"", "\"claim\":\"x\",\"claim2\"")), CATALOG))
                .hasMessageContaining("unknown field 'claim2'");
        assertThatThrownBy(() -> AttestationParser.parse(b(ok.replace("\"implemented\"", "\"maybe\"")), CATALOG))
                .hasMessageContaining("claim must be");
        assertThatThrownBy(() -> AttestationParser.parse(b("{\"format\":\"palisade-attestations/1\",\"attestations\":[],\"a\":1,\"a\":2}"), CATALOG))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> AttestationParser.parse(new byte[AttestationParser.MAX_BYTES + 1], CATALOG))
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> AttestationParser.parse(b("[" .repeat(5000)), CATALOG)).isInstanceOf(PalisadeException.class);
    }

    @Test
    @Timeout(30)
    void vendorDeclarationRejectsBadInput() {
        assertThatThrownBy(() -> VendorDeclarationParser.parse(b("{\"format\":\"palisade-vendor-declaration/1\"}")))
                .hasMessageContaining("missing field 'vendor'");
        assertThatThrownBy(() -> VendorDeclarationParser.parse(b("""
                {"format":"palisade-vendor-declaration/1","vendor":"v","product":"p","date":"2026-13-01","declarations":[]}""")))
                .hasMessageContaining("date must be");
        assertThatThrownBy(() -> VendorDeclarationParser.parse(b("""
                {"format":"palisade-vendor-declaration/1","vendor":"v","product":"p","date":"2026-01-01","declarations":[
                 {"requirement":"uk-psti:passwords","status":"met"},{"requirement":"uk-psti:passwords","status":"met"}]}""")))
                .hasMessageContaining("duplicate declaration");
        assertThatThrownBy(() -> VendorDeclarationParser.parse(b("""
                {"format":"palisade-vendor-declaration/1","vendor":"v","product":"p","date":"2026-01-01","declarations":[
                 {"requirement":"uk-psti:passwords","status":"maybe"}]}""")))
                .hasMessageContaining("status must be");
        assertThatThrownBy(() -> VendorDeclarationParser.parse(b("""
                {"format":"palisade-vendor-declaration/1","vendor":"v\\u0000","product":"p","date":"2026-01-01","declarations":[]}""")))
                .hasMessageContaining("control characters");
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> mutated = Arbitraries.strings().withChars("{}[]\":,0123456789aetnulrsf-\\ ").ofMaxLength(200)
                .map(s -> b("{\"format\":\"palisade-attestations/1\",\"attestations\":[" + s));
        Arbitrary<byte[]> fields = Arbitraries.strings().ofMaxLength(60).map(s -> b("""
                {"format":"palisade-vendor-declaration/1","vendor":"%s","product":"p","date":"2026-01-01","declarations":[
                 {"requirement":"%s","status":"met"}]}""".formatted(s, s)));
        return Arbitraries.oneOf(raw, mutated, fields);
    }

    @Property(tries = 400)
    void parsersOnlyThrowPalisadeException(@ForAll("junk") byte[] input) {
        try {
            AttestationParser.parse(input, CATALOG);
        } catch (PalisadeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            VendorDeclarationParser.parse(input);
        } catch (PalisadeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
