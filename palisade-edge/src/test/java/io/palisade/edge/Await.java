package io.palisade.edge;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for asynchronous effects (a generous bound, not a timing assertion). */
final class Await {
    private Await() {
    }

    static boolean until(BooleanSupplier condition) {
        return until(condition, Duration.ofSeconds(15));
    }

    static boolean until(BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
