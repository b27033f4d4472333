package dev.spacedev.proxy;

/** What a route leads to: a process the proxy forwards to, or files it serves itself. */
public sealed interface Target {
    String micro();

    record Service(Upstream upstream) implements Target {
        @Override
        public String micro() {
            return upstream.name();
        }
    }

    record StaticSite(String micro, StaticFiles files) implements Target {}
}
