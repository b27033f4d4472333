package dev.spacedev.cli;

import dev.spacedev.app.SmokeCase;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The JUnit XML CI systems read: one testcase per micro and per expectation, failures with the micro's last output. */
final class JUnitReport {
    private JUnitReport() {}

    static void write(Path file, List<SmokeCase> cases, Duration took) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "space-dev test");
            xml.writeAttribute("tests", Integer.toString(cases.size()));
            xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> !c.passed()).count()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", seconds(took));
            for (SmokeCase c : cases) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "space-dev." + c.kind());
                xml.writeAttribute("name", c.name());
                xml.writeAttribute("time", seconds(c.took()));
                if (!c.passed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", c.detail());
                    xml.writeCharacters(c.detail() + (c.output().isEmpty() ? "" : "\nLast output:\n" + String.join("\n", c.output())));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            out.write("\n");
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
