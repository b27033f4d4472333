package dev.spacedev.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names the app answers to, against DNS rebinding: a page on any site the owner visits can
 * point its own name at 127.0.0.1 and then read the app as same-origin, unless the app refuses
 * Host headers that are not its own. Allowed: {@code localhost} and its subdomains (browsers
 * resolve those to loopback themselves), IP literals (a rebinding attack needs a name), the
 * {@code --host} value, and each {@code --allowed-host} (a leading "." allows subdomains too).
 */
public final class AllowedHosts {
    public static final String FLAG = "--allowed-host";
    private final Set<String> names;
    private final List<String> suffixes;
    /** The last Host header allowed: nearly every request repeats it, so the check is one comparison. */
    private volatile String lastAllowed = "";

    private AllowedHosts(Set<String> names, List<String> suffixes) {
        this.names = names;
        this.suffixes = suffixes;
    }

    /** @param bindHost the {@code --host} value; @param extra the {@code --allowed-host} values */
    public static AllowedHosts of(String bindHost, List<String> extra) {
        Set<String> names = new java.util.HashSet<>();
        names.add(canonical(bindHost));
        List<String> suffixes = new java.util.ArrayList<>();
        for (String e : extra) {
            String n = canonical(e);
            if (n.startsWith(".")) {
                suffixes.add(n);
                names.add(n.substring(1));
            } else {
                names.add(n);
            }
        }
        return new AllowedHosts(Set.copyOf(names), List.copyOf(suffixes));
    }

    /** Loopback names and IP literals only. */
    public static AllowedHosts loopback() {
        return of("localhost", List.of());
    }

    /** A name given on the command line that cannot be a Host: empty if fine, else why. */
    public static java.util.Optional<String> problemWith(String name) {
        String n = name.strip();
        if (n.isEmpty() || n.equals(".") || !n.matches("\\.?[A-Za-z0-9._:\\[\\]-]+")) {
            return java.util.Optional.of(FLAG + " \"" + name + "\" is not a host name (example: " + FLAG + " myapp.test)");
        }
        return java.util.Optional.empty();
    }

    /** Whether a Host header value (a name or address, with or without a port) is this app's. */
    public boolean allows(String hostHeader) {
        if (hostHeader.equals(lastAllowed)) {
            return true;
        }
        String host = hostOf(hostHeader);
        boolean allowed = host != null && (host.equals("localhost") || host.endsWith(".localhost") || isIpLiteral(host)
                || names.contains(host) || suffixes.stream().anyMatch(host::endsWith));
        if (allowed) {
            lastAllowed = hostHeader;
        }
        return allowed;
    }

    /** The names listed beyond the built-in ones, for messages. */
    public String describe() {
        return names.stream().filter(n -> !n.equals("localhost") && !isIpLiteral(n)).sorted().collect(Collectors.joining(", "));
    }

    /** The name in a Host header, without its port, for messages. */
    public static String nameOf(String hostHeader) {
        String host = hostOf(hostHeader);
        return host == null ? hostHeader.strip() : host;
    }

    /** The host part of a Host header, lower case, without port or trailing dot; null if malformed. */
    static String hostOf(String header) {
        String h = header.strip();
        if (h.isEmpty()) {
            return null;
        }
        String host;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || close + 1 < h.length() && !isPort(h, close + 1)) {
                return null;
            }
            host = h.substring(0, close + 1);
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && !isPort(h, colon)) {
                return null;
            }
            host = colon < 0 ? h : h.substring(0, colon);
        }
        return canonical(host);
    }

    private static boolean isPort(String h, int colon) {
        if (colon >= h.length() || h.charAt(colon) != ':' || colon + 1 == h.length() || h.length() - colon > 6) {
            return false;
        }
        for (int i = colon + 1; i < h.length(); i++) {
            if (h.charAt(i) < '0' || h.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String canonical(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]"; // a bare IPv6 address as --host gives it
        }
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    /** A dotted-quad IPv4 address or a bracketed IPv6 address: never a name DNS could rebind. */
    static boolean isIpLiteral(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            for (int i = 1; i < host.length() - 1; i++) {
                char c = host.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.')) {
                    return false;
                }
            }
            if (host.indexOf(':') < 0) {
                return false; // "[abc.def]" is made of hex digits and dots, and still no address
            }
            try {
                // bracketed, so Java parses it as an IPv6 literal and never asks DNS
                return java.net.InetAddress.getByName(host) instanceof java.net.Inet6Address;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
