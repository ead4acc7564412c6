package chat.functions.store;

import chat.functions.ChatConfig;
import chat.model.schema.TableDef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Full table names of this deployment. */
@ApplicationScoped
public class TableNames {
    private final String prefix;

    @Inject
    public TableNames(ChatConfig config) {
        this(config.tables().prefix());
    }

    /** Outside CDI (a test with a DynamoDB client of its own): the prefix its local stack was given. */
    public TableNames(String prefix) {
        this.prefix = prefix;
    }

    public String of(TableDef table) {
        return table.fullName(prefix);
    }
}
