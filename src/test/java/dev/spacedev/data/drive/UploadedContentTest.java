package dev.spacedev.data.drive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding 15: Drive files are shown inline only for passive types; anything else is a sandboxed download. */
class UploadedContentTest {
    @ParameterizedTest
    @ValueSource(strings = {"multipart/x-mixed-replace; boundary=x", "text/html", "image/svg+xml", "application/xhtml+xml",
            "text/javascript", "application/pdf", "text/vtt", "application/x-unknown", ""})
    void anythingNotKnownToBePassiveIsASandboxedDownload(String type) {
        var h = UploadedContent.headersFor(type);
        assertThat(h.get("content-disposition")).isEqualTo("attachment");
        assertThat(h.get("content-security-policy")).isEqualTo("sandbox");
        assertThat(h.get("x-content-type-options")).isEqualTo("nosniff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "IMAGE/JPEG", "text/plain; charset=utf-8", "video/mp4", "application/json"})
    void passiveTypesAreShownInline(String type) {
        assertThat(UploadedContent.headersFor(type).get("content-disposition")).isNull();
    }
}
