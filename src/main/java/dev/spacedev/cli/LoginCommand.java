package dev.spacedev.cli;

import dev.spacedev.app.SignInLink;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code space-dev login}: prints the sign-in link of the app running in this directory, for the
 * account that started it (the link is kept where only that account can read it).
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Print the sign-in link (with this run's token) of the space-dev up running in this directory.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the link is on stdout", "1:no up is running here, or it has no sign-in",
                "2:usage error"})
public final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        SpaceDir space = new SpaceDir(loaded.get().projectDir());
        if (!ProjectLock.heldElsewhere(space)) { // a link left here is no running app's
            err.println("space-dev: no space-dev up is running in this directory: start it with space-dev up");
            return ExitCodes.FAILURE;
        }
        Optional<String> link = SignInLink.read(space);
        if (link.isEmpty()) {
            err.println("space-dev: the app running here has no sign-in link (it runs with --no-auth, or without a proxy)");
            return ExitCodes.FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(link.get());
        out.flush();
        return ExitCodes.OK;
    }
}
