package dev.spacedev.data.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Every update operation of Base, and the updates it refuses. */
class BaseUpdateTest {
    static final String ITEM = "{'key':'k','n':1,'list':['b'],'profile':{'city':'London','visits':2},'__expires':1900000000}";

    static ObjectNode apply(String update) throws Exception {
        ObjectNode item = (ObjectNode) BaseQueryTest.json(ITEM);
        return BaseUpdate.parse(BaseQueryTest.json(update)).applyTo(item);
    }

    static String after(String update) throws Exception {
        return apply(update).toString().replace('"', '\'');
    }

    @Test
    void allOperationsAsTheSdksSendThem() throws Exception {
        assertThat(after("{'set':{'name':'Ada','profile.city':'Paris'},'increment':{'n':2,'profile.visits':-1},"
                + "'append':{'list':'c'},'prepend':{'list':['a0','a']},'delete':['gone']}"))
                .isEqualTo("{'key':'k','n':3,'list':['a0','a','b','c'],'profile':{'city':'Paris','visits':1},'__expires':1900000000,'name':'Ada'}");
    }

    @Test
    void missingFieldsAreCreated() throws Exception {
        assertThat(after("{'increment':{'count':1.5},'append':{'new':'x'},'set':{},'prepend':{},'delete':[]}"))
                .contains("'count':1.5", "'new':['x']");
    }

    @Test
    void deleteTakesNestedPathsAndKeepsExpiry() throws Exception {
        assertThat(after("{'delete':['profile.city','n','absent.field']}"))
                .isEqualTo("{'key':'k','list':['b'],'profile':{'visits':2},'__expires':1900000000}");
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> apply("{'set':{'key':'other'}}")).hasMessage("the key cannot be updated");
        assertThatThrownBy(() -> apply("{'delete':['key']}")).hasMessage("the key cannot be updated");
        assertThatThrownBy(() -> apply("{'set':{'a':1},'delete':['a']}")).hasMessage("\"a\" is both set and deleted");
        assertThatThrownBy(() -> apply("{'set':{'nowhere.city':'x'}}")).hasMessage("cannot set \"nowhere.city\": its parent is not an object");
        assertThatThrownBy(() -> apply("{'increment':{'profile':1}}")).hasMessage("cannot increment \"profile\": it is not a number");
        assertThatThrownBy(() -> apply("{'increment':{'n':'1'}}")).hasMessage("increment \"n\" by a number");
        assertThatThrownBy(() -> apply("{'append':{'n':1}}")).hasMessage("cannot append to \"n\": it is not a list");
        assertThatThrownBy(() -> apply("{'set':[1]}")).hasMessage("set, increment, append and prepend must be objects");
    }

    @Test
    void theEchoIsKeySetAndDelete() throws Exception {
        assertThat(BaseUpdate.parse(BaseQueryTest.json("{'set':{'a':1},'delete':['b'],'increment':{}}")).echo("k").toString())
                .isEqualTo("{\"key\":\"k\",\"set\":{\"a\":1},\"delete\":[\"b\"]}");
    }
}
