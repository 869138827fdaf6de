package io.palisade.conformity.assess;

/** What a verdict rests on. Reports keep self-attested verdicts apart from observed ones. */
public enum Basis {
    OBSERVED("observed"), SELF_ATTESTED("self-attested"), OBSERVED_AND_SELF_ATTESTED("observed+self-attested"), NONE("none");

    private final String label;

    Basis(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
