package dev.spacedev.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging set up in code, found by logback through {@code ServiceLoader}: parsing a logback.xml
 * cost every start about 40 ms of a cold JVM (an XML parser and Joran's model), on the path to a
 * ready app. Humans read stderr (stdout is for results scripts parse), through a queue that never
 * blocks, so a stderr nobody reads cannot stall an event loop or the shutdown. {@code SPACE_DEV_LOG}
 * sets the level (info), {@code SPACE_DEV_NETTY_LOG} Netty's (warn); with
 * {@code -Dlogback.configurationFile=…} logback reads that file instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setNeverBlock(true);
        async.addAppender(stderr);
        async.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level("SPACE_DEV_LOG", Level.INFO));
        root.addAppender(async);
        context.getLogger("io.netty").setLevel(level("SPACE_DEV_NETTY_LOG", Level.WARN));
        // the pool announces every start and stop; its warnings (a connection lost, a wait too long) still show
        context.getLogger("com.zaxxer.hikari").setLevel(level("SPACE_DEV_DATABASE_LOG", Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Level level(String variable, Level otherwise) {
        String value = System.getProperty(variable, System.getenv(variable));
        return value == null || value.isBlank() ? otherwise : Level.toLevel(value.strip(), otherwise);
    }
}
