package chat.functions.store;

import chat.functions.ChatConfig;
import chat.model.schema.TableDef;
import jakarta.enterprise.context.ApplicationScoped;

/** Full table names of this deployment. */
@ApplicationScoped
public class TableNames {
    private final String prefix;

    public TableNames(ChatConfig config) {
        this.prefix = config.tables().prefix();
    }

    public String of(TableDef table) {
        return table.fullName(prefix);
    }
}
