package dev.spacedev.spacefile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules that span micros: unique names, exactly one primary, where each micro is served,
 * and app-wide action limits. Turns drafts into micros when nothing is wrong.
 */
final class AppRules {
    static final int MAX_ACTIONS_PER_MICRO = 5;
    static final int MAX_ACTIONS_PER_APP = 25;
    static final String RUNTIME_PREFIX = "/__space";
    private static final Pattern PATH_CHARS = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

    private final Problems problems;

    AppRules(Problems problems) {
        this.problems = problems;
    }

    /** The micros with primary and path resolved; empty if any micro could not be resolved. */
    List<Micro> apply(YamlMap root, List<MicroDraft> drafts) {
        checkUniqueNames(drafts);
        Optional<MicroDraft> primary = choosePrimary(root, drafts);
        List<String> paths = resolvePaths(drafts, primary);
        checkActions(drafts);
        if (problems.hasErrors() || primary.isEmpty()) {
            return List.of();
        }
        List<Micro> micros = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            micros.add(drafts.get(i).toMicro(drafts.get(i) == primary.get(), paths.get(i)));
        }
        return micros;
    }

    private void checkUniqueNames(List<MicroDraft> drafts) {
        Map<String, MicroDraft> seen = new HashMap<>();
        for (MicroDraft d : drafts) {
            d.name().ifPresent(name -> {
                MicroDraft first = seen.putIfAbsent(name, d);
                if (first != null) {
                    problems.error(d.node().valuePosition("name"), d.node().childPath("name"), "duplicate micro name \""
                            + name + "\" (first at line " + first.node().valuePosition("name").line() + "); names must be unique");
                }
            });
        }
    }

    /** A single micro is primary whatever it says; otherwise exactly one must say {@code primary: true}. */
    private Optional<MicroDraft> choosePrimary(YamlMap root, List<MicroDraft> drafts) {
        if (drafts.size() == 1) {
            return Optional.of(drafts.get(0));
        }
        List<MicroDraft> primaries = drafts.stream().filter(d -> d.primary().orElse(false)).toList();
        if (primaries.isEmpty()) {
            if (!drafts.isEmpty()) {
                problems.error(root.keyPosition("micros"), "micros", "no primary micro present: mark the micro that"
                        + " serves / with \"primary: true\"");
            }
            return Optional.empty();
        }
        MicroDraft first = primaries.get(0);
        for (MicroDraft extra : primaries.subList(1, primaries.size())) {
            problems.error(extra.node().valuePosition("primary"), extra.node().childPath("primary"),
                    "multiple primary micros present: " + label(first) + " at line "
                            + first.node().valuePosition("primary").line() + " is primary already");
        }
        return Optional.of(first);
    }

    private List<String> resolvePaths(List<MicroDraft> drafts, Optional<MicroDraft> primary) {
        List<String> paths = new ArrayList<>();
        Map<String, MicroDraft> byPath = new HashMap<>();
        for (MicroDraft d : drafts) {
            YamlMap m = d.node();
            String path;
            if (primary.isPresent() && primary.get() == d) {
                path = "/";
                d.path().map(AppRules::normalise).filter(p -> !p.equals("/")).ifPresent(p -> problems.warning(
                        m.valuePosition("path"), m.childPath("path"), "\"path\" is ignored on the primary micro, which Space"
                                + " serves at /"));
            } else if (d.path().filter(p -> !p.isEmpty()).isPresent()) { // Space read path: "" as no path
                path = checkPath(m, normalise(d.path().get()), d.name().map(n -> "/" + n).orElse(null));
            } else {
                path = d.name().map(n -> "/" + n).orElse(null);
            }
            paths.add(path);
            if (path == null) {
                continue;
            }
            MicroDraft other = byPath.putIfAbsent(path, d);
            if (other != null && !path.equals("/")) {
                problems.warning(d.path().isPresent() ? m.valuePosition("path") : m.position(), m.childPath("path"),
                        label(d) + " and " + label(other) + " are both served at " + path + "; every request there goes to "
                                + label(other) + ", the first listed: give one of them another \"path\"");
            }
        }
        return paths;
    }

    /**
     * The path space-dev serves a non-primary micro at. Space's CLI only added a leading "/" and dropped a trailing
     * one; what its router then made of odd paths is not known, so each is a warning saying what happens here.
     */
    private String checkPath(YamlMap m, String path, String byName) {
        Position at = m.valuePosition("path");
        String where = m.childPath("path");
        String resolved = withoutDotSegments(path);
        if (!resolved.equals(path) && !resolved.equals("/")) {
            problems.warning(at, where, "path \"" + path + "\" has a \".\" or \"..\" segment, which browsers remove before"
                    + " sending: space-dev serves this micro at " + resolved);
            path = resolved;
        }
        if (resolved.equals("/")) {
            problems.warning(at, where, "only the primary micro is served at /; Space's CLI made this path empty, and space-dev"
                    + " serves this micro at " + byName + " (give it a path such as /api)");
            return byName;
        }
        if (!PATH_CHARS.matcher(path).matches()) {
            problems.warning(at, where, "path \"" + path + "\" holds characters a URL path cannot (spaces, ?, # or similar):"
                    + " browsers cannot reach this micro there");
        } else if (path.equals(RUNTIME_PREFIX) || path.startsWith(RUNTIME_PREFIX + "/")) {
            problems.warning(at, where, "paths under " + RUNTIME_PREFIX + " are space-dev's own (the dashboard, sign-in,"
                    + " actions): requests there never reach this micro");
        }
        return path;
    }

    /** RFC 3986's remove_dot_segments, as a browser applies it to the path it sends. */
    static String withoutDotSegments(String path) {
        java.util.Deque<String> kept = new java.util.ArrayDeque<>();
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.equals(".")) {
                kept.addLast(segment);
            }
        }
        String joined = "/" + String.join("/", kept);
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** As Space did: a leading "/" is added and a trailing one removed; repeated slashes fold. */
    static String normalise(String path) {
        String p = ("/" + path.strip()).replaceAll("/{2,}", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private void checkActions(List<MicroDraft> drafts) {
        Map<String, MicroDraft.ActionDraft> ids = new HashMap<>();
        Map<String, MicroDraft.ActionDraft> names = new HashMap<>();
        int total = 0;
        for (MicroDraft d : drafts) {
            List<MicroDraft.ActionDraft> actions = d.actions();
            if (actions.size() > MAX_ACTIONS_PER_MICRO) {
                YamlMap sixth = actions.get(MAX_ACTIONS_PER_MICRO).node();
                problems.warning(sixth.position(), sixth.path(), label(d) + " has " + actions.size()
                        + " actions; Space's docs allowed a micro " + MAX_ACTIONS_PER_MICRO + " (its CLI did not check):"
                        + " space-dev runs them all");
            }
            for (MicroDraft.ActionDraft a : actions) {
                total++;
                if (total == MAX_ACTIONS_PER_APP + 1) {
                    problems.warning(a.node().position(), a.node().path(), "the app has more than " + MAX_ACTIONS_PER_APP
                            + " actions; Space's docs allowed " + MAX_ACTIONS_PER_APP + " (its CLI did not check): space-dev runs"
                            + " them all");
                }
                unique(ids, a, a.id(), "id");
                unique(names, a, a.name(), "name");
            }
        }
    }

    private void unique(Map<String, MicroDraft.ActionDraft> seen, MicroDraft.ActionDraft a, Optional<String> value, String key) {
        value.ifPresent(v -> {
            MicroDraft.ActionDraft first = seen.putIfAbsent(v, a);
            if (first != null) {
                problems.warning(a.node().valuePosition(key), a.node().childPath(key), "action " + key + " \"" + v
                        + "\" is used twice (first at line " + first.node().valuePosition(key).line() + "); Space's docs ask"
                        + " for unique " + key + "s across the app (its CLI did not check)" + (key.equals("id")
                        ? ": space-dev schedules both, and space-dev trigger runs the first" : ""));
            }
        });
    }

    private static String label(MicroDraft d) {
        return d.name().map(n -> "micro \"" + n + "\"").orElse("the micro at line " + d.node().position().line());
    }
}
