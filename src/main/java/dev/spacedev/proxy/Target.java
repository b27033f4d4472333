package dev.spacedev.proxy;

import dev.spacedev.runtime.AccessPolicy;

/** What a route leads to: a process the proxy forwards to, or files it serves itself. */
public sealed interface Target {
    String micro();

    /** Who may reach it without signing in. */
    AccessPolicy access();

    record Service(Upstream upstream, AccessPolicy access) implements Target {
        @Override
        public String micro() {
            return upstream.name();
        }
    }

    record StaticSite(String micro, StaticFiles files, AccessPolicy access) implements Target {}
}
