package dev.spacedev.data.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every operator of the Base query language, on one item. */
class BaseQueryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ITEM = "{\"key\":\"user-7\",\"name\":\"Ada Lovelace\",\"age\":36,\"score\":9.5,\"tags\":[\"math\",\"poet\",3],"
            + "\"profile\":{\"city\":\"London\",\"born\":{\"year\":1815}},\"active\":true,\"nothing\":null}";

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    static boolean matches(String query) throws Exception {
        return BaseQuery.parse(json(query)).test(json(ITEM));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "[]                                        | true",
        "[{'name':'Ada Lovelace'}]                 | true",
        "[{'name':'Ada'}]                          | false",
        "[{'age':36.0}]                            | true",
        "[{'active':true,'age':36}]                | true",
        "[{'active':true,'age':35}]                | false",
        "[{'age':35},{'age':36}]                   | true",
        "[{'nothing':null}]                        | true",
        "[{'missing':null}]                        | false",
        "[{'profile.city':'London'}]               | true",
        "[{'profile.born.year?gte':1800}]          | true",
        "[{'profile.born.year?lt':1800}]           | false",
        "[{'age?ne':30}]                           | true",
        "[{'age?ne':36}]                           | false",
        "[{'missing?ne':1}]                        | false",
        "[{'age?lt':40}]                           | true",
        "[{'age?lte':36}]                          | true",
        "[{'age?gt':36}]                           | false",
        "[{'age?gt':'a'}]                          | false",
        "[{'name?gt':'Aaa'}]                       | true",
        "[{'name?pfx':'Ada'}]                      | true",
        "[{'name?pfx':'Lov'}]                      | false",
        "[{'age?r':[30,40]}]                       | true",
        "[{'age?r':[36,36]}]                       | true",
        "[{'age?r':[37,40]}]                       | false",
        "[{'score?r':[9,10]}]                      | true",
        "[{'name?contains':'Love'}]                | true",
        "[{'name?contains':'love'}]                | false",
        "[{'tags?contains':'poet'}]                | true",
        "[{'tags?contains':3}]                     | true",
        "[{'tags?contains':'art'}]                 | false",
        "[{'tags?not_contains':'art'}]             | true",
        "[{'tags?!contains':'poet'}]               | false",
        "[{'missing?not_contains':'x'}]            | false",
        "[{'age?contains':3}]                      | false",
        "[{'key':'user-7'}]                        | true",
        "[{'key?pfx':'user-'}]                     | true",
        "[{'key?r':['user-0','user-9']}]           | true",
    })
    void operators(String query, boolean expected) throws Exception {
        assertThat(matches(query)).isEqualTo(expected);
    }

    @Test
    void refusals() {
        // the cloud's one message, which the SDKs pass on to the app; CloudRulesTest has the whole table
        for (String q : List.of("[{'age?around':3}]", "[{'key?contains':'u'}]", "[{'key':7}]", "[{'age?r':[1]}]", "{'age':1}",
                "[{'age':1}, 3]")) {
            assertThatThrownBy(() -> matches(q)).as(q).hasMessage("Bad query")
                    .extracting(e -> ((BaseRequestException) e).status()).isEqualTo(400);
        }
        // the body stays the cloud's; what exactly was wrong goes beside it, for the dashboard
        assertThatThrownBy(() -> matches("[{'age?around':3}]")).extracting(e -> ((BaseRequestException) e).detail().orElseThrow())
                .asString().contains("around");
        try {
            matches("[{'key':7}]");
        } catch (BaseRequestException e) {
            BaseApi.Reply reply = BaseApi.errors(e);
            assertThat(reply.body().toString()).isEqualTo("{\"errors\":[\"Bad query\"]}");
            assertThat(reply.detail()).get().asString().contains("key");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nullMeansEverything() throws Exception {
        assertThat(BaseQuery.parse(null).test(json(ITEM))).isTrue();
        assertThat(BaseQuery.parse(json("null")).test(json(ITEM))).isTrue();
    }
}
