package dev.spacedev.data.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Base endpoints over a real SQLite file, with the statuses and bodies the SDKs expect. */
class BaseApiTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    BaseStore store;
    BaseApi api;

    @BeforeEach
    void setUp() throws Exception {
        store = new SqliteBaseStore(dir.resolve("base.db"), Clock.fixed(NOW, ZoneOffset.UTC));
        api = new BaseApi(store);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    private BaseApi.Reply call(String method, String rest, String body) throws Exception {
        return api.handle(method, "people", rest, body == null ? null : BaseQueryTest.json(body));
    }

    private static String text(BaseApi.Reply r) {
        return r.status() + " " + r.body().toString().replace('"', '\'');
    }

    @Test
    void putGetDelete() throws Exception {
        assertThat(text(call("PUT", "/items", "{'items':[{'key':'a','n':1},{'name':'no key'},7]}")))
                .startsWith("207 {'processed':{'items':[{'key':'a','n':1},{'key':'").contains("'name':'no key'}");
        BaseApi.Reply got = call("GET", "/items/a", null);
        assertThat(text(got)).isEqualTo("200 {'key':'a','n':1}");
        assertThat(text(call("DELETE", "/items/a", null))).isEqualTo("200 {'key':'a'}");
        assertThat(text(call("GET", "/items/a", null))).isEqualTo("404 {'key':'a'}");
        assertThat(text(call("DELETE", "/items/never", null))).isEqualTo("200 {'key':'never'}");
        JsonNode all = call("POST", "/query", "{'query':[{'value':7}]}").body();
        assertThat(all.path("items").get(0).path("key").asText()).hasSize(12);
    }

    @Test
    void keysAreUrlDecoded() throws Exception {
        call("PUT", "/items", "{'items':[{'key':'a b/c+d'}]}");
        assertThat(call("GET", "/items/a%20b%2Fc%2Bd", null).status()).isEqualTo(200);
        assertThat(call("GET", "/items/a%20b%2Fc+d", null).status()).isEqualTo(200);
    }

    @Test
    void putRefusesBadInputAndStoresNothing() throws Exception {
        BaseApi.Reply duplicate = call("PUT", "/items", "{'items':[{'key':'x'},{'key':'x'}]}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body().path("errors").get(0).asText()).isEqualTo("duplicate key \"x\" in one request");
        assertThat(call("PUT", "/items", "{'items':[{'key':1}]}").status()).isEqualTo(400);
        StringBuilder many = new StringBuilder("{'items':[");
        for (int i = 0; i < 26; i++) {
            many.append(i == 0 ? "" : ",").append("{'key':'k").append(i).append("'}");
        }
        assertThat(text(call("PUT", "/items", many + "]}"))).isEqualTo("400 {'errors':['at most 25 items per request']}");
        assertThat(call("POST", "/query", "{}").body().path("items").size()).isZero();
    }

    @Test
    void insertConflicts() throws Exception {
        assertThat(text(call("POST", "/items", "{'item':{'key':'k','v':1}}"))).isEqualTo("201 {'key':'k','v':1}");
        assertThat(text(call("POST", "/items", "{'item':{'key':'k','v':2}}"))).isEqualTo("409 {'errors':['Key already exists']}");
    }

    @Test
    void updateAsTheSdksSendIt() throws Exception {
        call("PUT", "/items", "{'items':[{'key':'k','n':1,'l':[]}]}");
        assertThat(text(call("PATCH", "/items/k", "{'set':{'s':'x'},'increment':{'n':1},'append':{'l':1},'prepend':{},'delete':[]}")))
                .isEqualTo("200 {'key':'k','set':{'s':'x'},'delete':[]}");
        assertThat(text(call("GET", "/items/k", null))).isEqualTo("200 {'key':'k','l':[1],'n':2,'s':'x'}"); // fields in name order
        assertThat(text(call("PATCH", "/items/nope", "{'set':{'a':1}}"))).isEqualTo("404 {'errors':['Key not found']}");
        assertThat(call("PATCH", "/items/k", "{'set':{'key':'z'}}").status()).isEqualTo(400);
    }

    @Test
    void queryPagesInKeyOrderBothWays() throws Exception {
        StringBuilder items = new StringBuilder("{'items':[");
        for (int i = 0; i < 5; i++) {
            items.append(i == 0 ? "" : ",").append("{'key':'k").append(i).append("','even':").append(i % 2 == 0).append("}");
        }
        call("PUT", "/items", items + "]}");
        assertThat(text(call("POST", "/query", "{'query':[{'even':true}],'limit':2,'last':'','sort':''}")))
                .isEqualTo("200 {'paging':{'size':2,'last':'k2'},'items':[{'even':true,'key':'k0'},{'even':true,'key':'k2'}]}");
        assertThat(text(call("POST", "/query", "{'query':[{'even':true}],'limit':2,'last':'k2'}")))
                .isEqualTo("200 {'paging':{'size':1},'items':[{'even':true,'key':'k4'}]}");
        assertThat(call("POST", "/query", "{'limit':2,'sort':'desc','last':null}").body().path("items").toString())
                .isEqualTo("[{\"even\":true,\"key\":\"k4\"},{\"even\":false,\"key\":\"k3\"}]");
        assertThat(call("POST", "/query", "{'query':[{'a?bad':1}]}").status()).isEqualTo(400);
    }

    @Test
    void expiredItemsAreNeverReturned() throws Exception {
        long now = NOW.getEpochSecond();
        call("PUT", "/items", "{'items':[{'key':'later','__expires':" + (now + 60) + "},{'key':'past','__expires':" + (now - 1) + "}]}");
        assertThat(call("GET", "/items/later", null).status()).isEqualTo(200);
        assertThat(call("GET", "/items/past", null).status()).isEqualTo(404);
        assertThat(call("POST", "/query", "{}").body().path("paging").path("size").asInt()).isEqualTo(1);
        BaseStore later = new SqliteBaseStore(dir.resolve("base.db"), Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
        assertThat(new BaseApi(later).handle("GET", "people", "/items/later", null).status()).isEqualTo(404);
        later.close();
    }

    @Test
    void basesAreSeparate() throws Exception {
        call("PUT", "/items", "{'items':[{'key':'k'}]}");
        assertThat(api.handle("GET", "other", "/items/k", null).status()).isEqualTo(404);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"items\":[{\"n\":1e400}]}", "{\"increment\":{\"n\":1e400}}",
            "{\"set\":{\"a\":[-1e999]}}", "{\"n\":-1e309}"})
    void numbersBeyondA64BitFloatAre400(String body) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaseApi.parseBody(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(BaseRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("out of range");
                });
    }

    @Test
    void largeButFiniteNumbersPass() throws Exception {
        assertThat(BaseApi.parseBody("{\"n\":1.7e308,\"m\":9007199254740993}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotNull();
    }
}
