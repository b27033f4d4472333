package dev.spacedev.runtime;

import dev.spacedev.files.Seal;
import dev.spacedev.files.SpaceDevHome;
import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

/**
 * The app's {@code DETA_API_KEY} (server-side calls between micros) and {@code DETA_PROJECT_KEY}
 * ({@code <projectId>_<secret>}, for Base and Drive). Made once per project and kept in
 * {@code .space/keys} (owner-only), so they survive restarts as they did on Space.
 */
public record ProjectKeys(String apiKey, String projectKey) {

    private static final String FILE_ROLE = "keys";

    public String projectId() {
        return projectKey.substring(0, projectKey.indexOf('_'));
    }

    public static ProjectKeys loadOrCreate(SpaceDir space) throws IOException {
        Properties props = new Properties();
        Seal seal = Seal.of(SpaceDevHome.path());
        // keys committed to a repository, or copied from elsewhere, are not this app's: new ones are made
        String text = seal.open(space.keysFile(), FILE_ROLE, what -> org.slf4j.LoggerFactory.getLogger(ProjectKeys.class).warn(what)).content();
        try {
            props.load(new StringReader(text));
        } catch (IOException e) {
            // unreadable content: new keys are made below
        }
        String apiKey = props.getProperty("DETA_API_KEY");
        String projectKey = props.getProperty("DETA_PROJECT_KEY");
        if (apiKey != null && projectKey != null && projectKey.indexOf('_') > 0) {
            return new ProjectKeys(apiKey, projectKey);
        }
        ProjectKeys keys = new ProjectKeys(random(24), random(4) + "_" + random(16));
        SpaceDir.writeAtomically(space.keysFile(), seal.seal(FILE_ROLE, "# made by space-dev for this project; keep it private\n"
                + "DETA_API_KEY=" + keys.apiKey + "\nDETA_PROJECT_KEY=" + keys.projectKey + "\n"), true);
        return keys;
    }

    private static String random(int bytes) {
        return Secrets.random(bytes);
    }
}
