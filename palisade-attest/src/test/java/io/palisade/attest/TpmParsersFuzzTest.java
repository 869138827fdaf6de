package io.palisade.attest;

import io.palisade.attest.tpm.TpmFormatException;
import io.palisade.attest.tpm.TpmsAttest;
import io.palisade.attest.tpm.TpmtPublic;
import io.palisade.attest.tpm.TpmtSignature;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random and mutated bytes never make a parser throw anything but its own checked TpmFormatException. */
class TpmParsersFuzzTest {
    interface Parser {
        Object parse(byte[] b) throws TpmFormatException;
    }

    static final Parser[] PARSERS = {TpmsAttest::parse, TpmsAttest::parseTpm2b, TpmtSignature::parse,
        TpmtPublic::parse, TpmtPublic::parseTpm2b};

    static void parseAll(byte[] b) {
        for (Parser p : PARSERS) {
            try {
                p.parse(b);
            } catch (TpmFormatException expected) {
                // the only allowed outcome besides a result
            }
        }
        try {
            EventLog.parse(b);
        } catch (EventLog.FormatException expected) {
            // same for the event log parser
        }
    }

    @Property(tries = 1000)
    void randomBytes(@ForAll @Size(max = 1200) byte[] bytes) {
        parseAll(bytes);
    }

    @Provide
    Arbitrary<byte[]> mutatedStructures() {
        byte[] quote = TpmParsersTest.SWTPM_QUOTE;
        byte[] ak = TpmParsersTest.SWTPM_AK;
        byte[] sig = TpmParsersTest.SWTPM_SIG;
        byte[] akArea = Arrays.copyOfRange(ak, 2, ak.length);
        return Arbitraries.of(quote, ak, sig, akArea).flatMap(base -> Arbitraries.integers().between(0,
                base.length - 1).list().ofMinSize(1).ofMaxSize(6).flatMap(positions -> Arbitraries.bytes()
                .array(byte[].class).ofSize(positions.size()).flatMap(values -> Arbitraries.integers()
                .between(-3, 3).map(delta -> {
                    byte[] m = base.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        m[positions.get(i)] = values[i];
                    }
                    return Arrays.copyOf(m, Math.max(0, m.length + delta));
                }))));
    }

    @Property(tries = 1500)
    void mutatedRealStructures(@ForAll("mutatedStructures") byte[] bytes) {
        parseAll(bytes);
    }
}
