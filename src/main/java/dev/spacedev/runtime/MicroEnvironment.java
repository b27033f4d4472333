package dev.spacedev.runtime;

import dev.spacedev.spacefile.EnvPreset;
import dev.spacedev.spacefile.Micro;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The variables Space set for a micro, on top of the user's own environment. Presets come from
 * the shell first, then the project's {@code .env}, then their default, as documented in SPACE.md.
 */
public final class MicroEnvironment {
    public static final String APP_VERSION = "dev";

    private final Map<String, String> shell;
    private final Map<String, String> dotEnv;
    private final ProjectKeys keys;
    private final String appHostname;
    private final Path nodeLoopback;

    /**
     * @param appHostname the proxy's {@code host:port}: server-side calls between micros go
     *     through it, as they went through the app's hostname on Space
     */
    public MicroEnvironment(Map<String, String> shell, Map<String, String> dotEnv, ProjectKeys keys, String appHostname) {
        this(shell, dotEnv, keys, appHostname, null);
    }

    /**
     * @param nodeLoopback a script preloaded into every Node process of a micro through {@code NODE_OPTIONS}:
     *     Node servers that call {@code listen(port)} bind every interface, and it makes such a call bind
     *     loopback instead; null for none
     */
    public MicroEnvironment(Map<String, String> shell, Map<String, String> dotEnv, ProjectKeys keys, String appHostname,
            Path nodeLoopback) {
        this.shell = Map.copyOf(shell);
        this.dotEnv = Map.copyOf(dotEnv);
        this.keys = keys;
        this.appHostname = appHostname;
        this.nodeLoopback = nodeLoopback;
    }

    /** Where servers are told to listen: the proxy alone reaches a micro, as on Space. */
    static final String LOOPBACK = "127.0.0.1";
    /** The variables servers and frameworks read for the address to bind. */
    private static final List<String> BIND_VARIABLES = List.of("HOST", "HOSTNAME", "NUXT_HOST", "NITRO_HOST",
            "UVICORN_HOST", "FLASK_RUN_HOST", "FASTIFY_ADDRESS", "STREAMLIT_SERVER_ADDRESS");
    /** gunicorn's options from the environment: below its command line, above its config file. */
    static final String GUNICORN_ARGS = "GUNICORN_CMD_ARGS";
    /** A bind already among them: {@code --bind ADDR}, {@code --bind=ADDR}, {@code -b ADDR}, {@code -bADDR}. */
    private static final Pattern GUNICORN_BIND = Pattern.compile("(?:^|\\s)(?:--bind(?:=|\\s|$)|-b)");
    /** space-dev's own variables (a database URL with its password, settings): a micro never inherits them. */
    static final String OWN_PREFIX = "SPACE_DEV_";

    /** The whole environment for the micro's process: the shell's (less space-dev's own), then Space's variables. */
    public Map<String, String> forMicro(Micro micro, int port) {
        Map<String, String> env = new LinkedHashMap<>(shell);
        env.keySet().removeIf(name -> name.startsWith(OWN_PREFIX));
        BIND_VARIABLES.forEach(name -> env.put(name, LOOPBACK));
        if (nodeLoopback != null) {
            String preload = "--require \"" + nodeLoopback.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            env.merge("NODE_OPTIONS", preload, (theirs, ours) -> theirs.isBlank() ? ours : theirs + " " + ours);
        }
        env.put("PORT", Integer.toString(port));
        for (String variable : micro.engine().profile().portVariables()) {
            env.put(variable, Integer.toString(port)); // UVICORN_PORT, so `uvicorn main:app` needs no flag
        }
        env.put("DETA_SPACE_APP", "true");
        env.put("DETA_SPACE_APP_VERSION", APP_VERSION);
        env.put("DETA_SPACE_APP_HOSTNAME", appHostname);
        env.put("DETA_SPACE_APP_MICRO_NAME", micro.name());
        env.put("DETA_SPACE_APP_MICRO_TYPE", micro.type());
        env.put("DETA_API_KEY", keys.apiKey());
        env.put("DETA_PROJECT_KEY", keys.projectKey());
        env.put("PYTHONUNBUFFERED", "1");
        for (EnvPreset preset : micro.presets().env()) {
            String value = shell.get(preset.name());
            if (value == null) {
                value = dotEnv.get(preset.name());
            }
            if (value == null) {
                value = preset.defaultValue().orElse(null);
            }
            if (value != null) {
                env.put(preset.name(), value);
            }
        }
        env.put(GUNICORN_ARGS, gunicornArgs(env.get(GUNICORN_ARGS), port));
        return env;
    }

    /**
     * gunicorn binds {@code 0.0.0.0:$PORT} whenever {@code PORT} is set, which would put a {@code run: gunicorn main:app}
     * on the network past the proxy; this binds it to loopback unless the app's own options name a bind.
     */
    static String gunicornArgs(String theirs, int port) {
        String ours = "--bind " + LOOPBACK + ":" + port;
        if (theirs == null || theirs.isBlank()) {
            return ours;
        }
        return GUNICORN_BIND.matcher(theirs).find() ? theirs : ours + " " + theirs;
    }
}
