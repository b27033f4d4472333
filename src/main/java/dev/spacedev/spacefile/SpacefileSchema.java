package dev.spacedev.spacefile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The JSON Schema editors use for a Spacefile: Deta's official one (MIT, bundled as it was), with what space-dev adds.
 * Additions never refuse a file Space accepted: they widen (the engines of Deta's experimental runner) and explain
 * (descriptions that say what {@code space-dev validate} warns about). Warnings themselves cannot be expressed in JSON
 * Schema, so editors show Space's errors and {@code validate} shows both.
 */
public final class SpacefileSchema {
    static final String OFFICIAL = "/spacefile/spacefile.schema.json";
    /** Where an editor can fetch the official schema: Deta's repository (archived, still served). */
    public static final String OFFICIAL_URL =
            "https://raw.githubusercontent.com/deta/space-cli/main/internal/spacefile/schemas/spacefile.schema.json";

    private SpacefileSchema() {}

    /** The official schema as Deta's CLI embedded it. */
    public static JsonNode official() {
        try (InputStream in = SpacefileSchema.class.getResourceAsStream(OFFICIAL)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled Spacefile schema cannot be read", e);
        }
    }

    /** The official schema with space-dev's additions. */
    public static JsonNode extended() {
        ObjectNode schema = (ObjectNode) official();
        schema.put("$comment", "Deta's official Spacefile schema (deta/space-cli, MIT License, Copyright (c) 2023 Deta), extended"
                + " by space-dev: the engines of Deta's experimental runner, and descriptions of what space-dev validate warns about.");
        schema.put("title", "Spacefile (Deta Space), as space-dev reads it");
        ObjectNode definitions = (ObjectNode) schema.get("definitions");
        ObjectNode micro = (ObjectNode) definitions.get("micro").get("properties");
        ArrayNode engines = (ArrayNode) micro.get("engine").get("enum");
        Arrays.stream(Engine.values()).filter(e -> !e.shippedBySpace()).forEach(e -> engines.add(e.wireName()));
        describe(micro, "engine", "Runtime engine for the Micro. python3.10, python3.11, nodejs18 and nodejs20 were Deta's experimental"
                + " runner, never in Space's schema: space-dev runs them and warns.");
        describe(micro, "src", "Relative path to the root directory of the Micro. Space's CLI checked that it exists (except for the"
                + " micro marked primary); space-dev also refuses one outside the project.");
        describe(micro, "path", "Path relative to the hostname this Micro should receive requests on (default: /<name>; ignored on the"
                + " primary, which is at /). space-dev warns about \"/\", \".\" or \"..\" segments, paths under /__space, characters"
                + " URLs cannot hold, and two micros on one path.");
        describe(micro, "serve", "Directory path relative to the Micro's src that should be served for the static Micro (inside the"
                + " project).");
        ObjectNode action = (ObjectNode) definitions.get("action").get("properties");
        describe(action, "default_interval", "Interval at which the schedule will run: a rate (\"5 minutes\", \"1 hour\", \"2 days\")"
                + " or a 5-field cron expression in UTC (\"0 9 * * 1-5\"). Space's CLI took any string; space-dev warns about forms"
                + " it runs differently (\"15 minute\") or cannot schedule.");
        describe(action, "id", "Unique identifier for the action (needs to be unique across the app; space-dev warns when not).");
        ObjectNode spacefile = (ObjectNode) definitions.get("spacefile").get("properties");
        describe(spacefile, "icon", "Path to an icon image file, relative to the Spacefile: a 512x512 PNG. Space's CLI could not read"
                + " WebP; space-dev warns about what space validate refused.");
        return schema;
    }

    private static void describe(ObjectNode properties, String key, String description) {
        ((ObjectNode) properties.get(key)).put("description", description);
    }
}
