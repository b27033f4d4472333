package dev.spacedev.cli;

import java.util.ArrayList;
import java.util.List;

/** {@code up}'s arguments for the process {@code up -d} starts: the same, less {@code up} itself and the options that detach. */
final class DetachedArgs {
    private DetachedArgs() {}

    static List<String> without(List<String> original) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (i == 0 && a.equals("up")) {
                continue;
            }
            if (a.equals("-d") || a.equals("--detach")) {
                continue;
            }
            if (a.equals("--wait-timeout")) {
                i++; // and its value
                continue;
            }
            if (a.startsWith("--wait-timeout=")) {
                continue;
            }
            kept.add(a);
        }
        return kept;
    }
}
