package dev.spacedev.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of a test run, every test that did not run and why (a missing {@code ../shared}, no Chromium, no
 * PostgreSQL): the console otherwise shows only "Skipped: 1", the reason being inside the XML reports.
 */
public final class SkippedSummary implements TestExecutionListener {
    private final List<String> skipped = new CopyOnWriteArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(name(test) + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) { // an assumption that did not hold
            skipped.add(name(test) + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted")
                    .replaceFirst("^Assumption failed: ", ""));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("\n" + skipped.size() + " test(s) did not run:\n");
        skipped.forEach(s -> out.append("  SKIPPED ").append(s).append('\n'));
        System.out.print(out);
        System.out.flush();
    }

    private static String name(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(m -> m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "." + m.getMethodName())
                .orElse(test.getDisplayName());
    }
}
