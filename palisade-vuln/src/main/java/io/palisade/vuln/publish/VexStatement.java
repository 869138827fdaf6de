package io.palisade.vuln.publish;

import io.palisade.core.PalisadeException;
import io.palisade.vuln.match.VexStatus;
import java.util.Objects;

/**
 * What we state about one product for one vulnerability. NOT_AFFECTED needs a justification or an impact
 * statement; AFFECTED gets an action statement (defaulted from {@code fixedIn} when absent).
 */
public record VexStatement(ProductRef product, VexStatus status, Justification justification, String impactStatement,
        String actionStatement, String fixedIn) {
    public VexStatement {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(status, "status");
        impactStatement = impactStatement == null ? null : Texts.require(impactStatement, "impact statement");
        actionStatement = actionStatement == null ? null : Texts.require(actionStatement, "action statement");
        if (status == VexStatus.NOT_AFFECTED && justification == null && impactStatement == null) {
            throw PalisadeException.invalid("a not_affected statement needs a justification or an impact statement");
        }
    }

    String action() {
        if (actionStatement != null) {
            return actionStatement;
        }
        return fixedIn != null ? "Update " + product.model() + " to firmware " + fixedIn + " or later."
                : "No fix is available yet; follow the mitigations in this advisory.";
    }
}
