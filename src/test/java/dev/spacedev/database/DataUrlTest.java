package dev.spacedev.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataUrlTest {
    @Test
    void readsWhatLibpqWrites() throws Exception {
        DataUrl u = DataUrl.parse("postgresql://app:s%40cret%2Fx@db.example:6543/notes?sslmode=require");
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("s@cret/x");
        assertThat(u.host()).isEqualTo("db.example");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.database()).isEqualTo("notes");
        assertThat(u.parameters()).containsEntry("sslmode", "require");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/notes?sslmode=require");
        assertThat(DataUrl.parse("postgres://app@localhost/notes").port()).isEqualTo(5432);
    }

    @Test
    void neverShowsThePassword() throws Exception {
        DataUrl u = DataUrl.parse("postgresql://app:hunter2@localhost:5432/notes");
        assertThat(u.toString()).isEqualTo("postgresql://app:***@localhost:5432/notes").doesNotContain("hunter2");
        assertThatThrownBy(() -> DataUrl.parse("postgresql://app:hunter2@/notes")).hasMessageNotContaining("hunter2");
    }

    @Test
    void saysWhatIsMissing() {
        assertThatThrownBy(() -> DataUrl.parse("mysql://a@b/c")).hasMessageContaining("starts with postgresql://");
        assertThatThrownBy(() -> DataUrl.parse("postgresql://app@localhost")).hasMessageContaining("names no database");
        assertThatThrownBy(() -> DataUrl.parse("postgresql://localhost/notes")).hasMessageContaining("names no user");
        assertThatThrownBy(() -> DataUrl.parse("postgresql://app@localhost:5432/notes bad")).hasMessageContaining("not a URL");
    }

    @Test
    void instancesOfOneDatabaseShareANameWhateverTheirCredentials() throws Exception {
        assertThat(DataUrl.parse("postgresql://a:x@Db:5432/notes").sharedName())
                .isEqualTo(DataUrl.parse("postgresql://b:y@db:5432/notes").sharedName())
                .isNotEqualTo(DataUrl.parse("postgresql://a:x@db:5432/other").sharedName())
                .matches("[0-9a-f]{12}");
    }
}
