package io.palisade.vuln.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import java.net.URI;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DisclosureTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static DisclosurePolicy policy(Instant expires) {
        return new DisclosurePolicy(List.of(URI.create("mailto:security@example.com"), URI.create("https://example.com/report")),
                URI.create("https://example.com/security/policy"), List.of("en", "de"),
                List.of(URI.create("https://example.com/.well-known/security.txt")), expires, null, null, null, 5, 30,
                Map.of("smart-plug", YearMonth.of(2031, 12), "camera", YearMonth.of(2026, 12)));
    }

    @Test
    void securityTxtRoundTrip() {
        String txt = policy(Instant.parse("2027-06-01T00:00:00Z")).securityTxt();
        assertThat(txt).contains("Contact: mailto:security@example.com\n").contains("Expires: 2027-06-01T00:00:00Z\n")
                .contains("Preferred-Languages: en, de\n").contains("Canonical: https://example.com/.well-known/security.txt\n")
                .contains("Policy: https://example.com/security/policy\n").doesNotContain("\r");
        SecurityTxt.Result r = SecurityTxt.check(txt, NOW);
        assertThat(r.passes()).isTrue();
        assertThat(r.problems()).isEmpty();
        assertThat(r.fields().get("contact")).hasSize(2);
    }

    @Test
    void expiredMissingOrIncompleteFails() {
        assertThat(SecurityTxt.check(null, NOW).passes()).isFalse();
        assertThat(SecurityTxt.check(policy(Instant.parse("2026-11-01T00:00:00Z")).securityTxt(), NOW).problems())
                .anyMatch(p -> p.field().equals("Expires") && p.severity() == SecurityTxt.Severity.ERROR);
        assertThat(SecurityTxt.check("Expires: 2027-01-01T00:00:00Z\n", NOW).problems()).anyMatch(p -> p.field().equals("Contact"));
        assertThat(SecurityTxt.check("Contact: mailto:a@b.c\n", NOW).passes()).isFalse();
        SecurityTxt.Result far = SecurityTxt.check("Contact: mailto:a@b.c\r\nExpires: 2030-01-01T00:00:00Z\r\nPolicy: https://x.example\r\n", NOW);
        assertThat(far.passes()).isTrue();
        assertThat(far.problems()).singleElement().extracting(SecurityTxt.Problem::severity).isEqualTo(SecurityTxt.Severity.WARNING);
        assertThat(SecurityTxt.check("Contact: http://insecure.example\nExpires: 2027-01-01T00:00:00Z\n", NOW).passes()).isFalse();
    }

    @Test
    void fieldInjectionRejected() {
        String encoded = new DisclosurePolicy(List.of(URI.create("https://example.com/x%0D%0AHiring:%20evil")), null, null,
                null, NOW, null, null, null, 5, 30, Map.of()).securityTxt();
        assertThat(encoded.lines()).noneMatch(l -> l.startsWith("Hiring"));
        assertThatThrownBy(() -> new DisclosurePolicy(List.of(), null, null, null, NOW, null, null, null, 5, 30, Map.of()))
                .isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new DisclosurePolicy(List.of(URI.create("http://example.com")), null, null, null, NOW, null, null,
                null, 5, 30, Map.of())).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new DisclosurePolicy(List.of(URI.create("mailto:a@b.c")), null, List.of("en\nContact: x"), null,
                NOW, null, null, null, 5, 30, Map.of())).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new DisclosurePolicy(List.of(URI.create("mailto:a@b.c")), null, null, null, NOW, null, null,
                null, 5, 30, Map.of("cam\nContact: evil", YearMonth.of(2030, 1)))).isInstanceOf(PalisadeException.class);
    }

    @Test
    void policyTextPublishesSupportPeriods() {
        String text = policy(NOW.plusSeconds(86400)).policyText();
        assertThat(text).contains("camera: until 2026-12").contains("smart-plug: until 2031-12").contains("5 days");
    }

    @Test
    void supportPeriods() {
        List<SupportPeriods.ModelSupport> models = List.of(new SupportPeriods.ModelSupport("old", "Ex", YearMonth.of(2026, 10)),
                new SupportPeriods.ModelSupport("soon", "Ex", YearMonth.of(2027, 1)),
                new SupportPeriods.ModelSupport("boundary", "Ex", YearMonth.of(2026, 11)),
                new SupportPeriods.ModelSupport("fine", "Ex", YearMonth.of(2031, 12)));
        List<SupportPeriods.Status> s = SupportPeriods.check(models, Map.of("old", 12L, "soon", 3L), NOW, java.time.Period.ofMonths(3));
        assertThat(s).extracting(SupportPeriods.Status::model).containsExactly("old", "boundary", "soon", "fine");
        assertThat(s).extracting(SupportPeriods.Status::state).containsExactly(SupportPeriods.State.ENDED,
                SupportPeriods.State.ENDING_SOON, SupportPeriods.State.ENDING_SOON, SupportPeriods.State.OK);
        List<Alert> alerts = SupportPeriods.alerts(s);
        assertThat(alerts).extracting(Alert::kind).containsExactly(Alert.Kind.SUPPORT_ENDED, Alert.Kind.SUPPORT_ENDING_SOON);
        assertThat(SupportPeriods.check(models, Map.of(), Instant.parse("2026-12-01T00:00:00Z"), java.time.Period.ZERO).get(1).state())
                .isEqualTo(SupportPeriods.State.ENDED);
    }

    @Test
    void safeRendering() {
        String hostile = "<script>alert(1)</script>\u202eevil\u0007\nline2 & \"q\"";
        assertThat(SafeText.html(hostile)).doesNotContain("<script>").contains("&lt;script&gt;").contains("&#x202E;")
                .contains("&#x7;").contains("&amp;").contains("&quot;");
        assertThat(SafeText.plain(hostile)).doesNotContain("\n").doesNotContain("\u202e").contains("\\u{202E}").contains("\\u{000A}");
    }

    @Property(tries = 300)
    void safeTextNeverLeaksControlCharacters(@ForAll @StringLength(max = 200) String s) {
        String plain = SafeText.plain(s);
        assertThat(plain.codePoints().noneMatch(SafeText::unsafe)).isTrue();
        String html = SafeText.html(s);
        assertThat(html).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void reportValidation() {
        assertThatThrownBy(() -> new VulnerabilityReport(" ", "plug", null, null, null, false, null)).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new VulnerabilityReport("s", null, null, null, null, false, null)).isInstanceOf(PalisadeException.class);
        assertThatThrownBy(() -> new VulnerabilityReport("s", "p", null, "x".repeat(VulnerabilityReport.MAX_DETAILS + 1), null, false, null))
                .isInstanceOfSatisfying(PalisadeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertThatThrownBy(() -> new VulnerabilityReport("s\u0000", "p", null, null, null, false, null)).isInstanceOf(PalisadeException.class);
        VulnerabilityReport anonymous = new VulnerabilityReport("<img src=x onerror=alert(1)>", "smart-plug", null, "RTL \u202e text",
                null, false, null);
        assertThat(anonymous.summary()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(anonymous.reporterContact()).isNull();
    }
}
