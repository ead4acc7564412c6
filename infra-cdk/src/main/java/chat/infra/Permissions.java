package chat.infra;

import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Exactly what each function's code does in DynamoDB, per table (names from shared-model's schema), derived from
 * the store classes of {@code functions} and the handlers that reach them. No Scan but on the few-item brokers
 * table, no table management, no transactions, no wildcard action or resource. When the code starts to need another
 * action, change {@link #TABLES} and {@code IamTest} together.
 *
 * <p>SQS: {@code api} sends to the fanout queue, {@code fanout} to the push queue ({@link #grantSend}); the event
 * source mappings grant the consuming functions what their pollers need on their own queue.
 */
final class Permissions {
    static final String GET = "dynamodb:GetItem";
    static final String BATCH_GET = "dynamodb:BatchGetItem";
    static final String QUERY = "dynamodb:Query";
    static final String SCAN = "dynamodb:Scan";
    static final String PUT = "dynamodb:PutItem";
    static final String UPDATE = "dynamodb:UpdateItem";
    static final String DELETE = "dynamodb:DeleteItem";
    static final String BATCH_WRITE = "dynamodb:BatchWriteItem";

    /** Actions on one table; {@code byUserIndex}: also Query on its GSIs (only the members' byUser has one). */
    record TableGrant(TableDef table, List<String> actions, boolean indexQuery) {
        static TableGrant of(TableDef table, String... actions) {
            return new TableGrant(table, List.of(actions), false);
        }
    }

    static final Map<String, List<TableGrant>> TABLES = Map.of(
            // every HTTP route: accounts, key directory, messaging, groups, sync, receipts, typing, presence, push registration,
            // device inboxes, and the /internal connection registry and broker heartbeats
            "api", List.of(
                    TableGrant.of(Tables.Users.DEF, GET, BATCH_GET, PUT, UPDATE, DELETE),
                    TableGrant.of(Tables.Handles.DEF, GET, PUT, UPDATE),
                    TableGrant.of(Tables.Devices.DEF, GET, QUERY, PUT, DELETE),
                    TableGrant.of(Tables.Conversations.DEF, GET, BATCH_GET, PUT, UPDATE),
                    new TableGrant(Tables.Members.DEF, List.of(GET, BATCH_GET, QUERY, PUT, UPDATE), true),
                    TableGrant.of(Tables.UserConversations.DEF, QUERY, BATCH_WRITE),
                    TableGrant.of(Tables.Messages.DEF, GET, QUERY, PUT),
                    TableGrant.of(Tables.SendClaims.DEF, GET, PUT, UPDATE),
                    TableGrant.of(Tables.Connections.DEF, BATCH_GET, PUT, UPDATE),
                    TableGrant.of(Tables.Brokers.DEF, SCAN, PUT),
                    TableGrant.of(Tables.NodeConnections.DEF, PUT, DELETE),
                    TableGrant.of(Tables.PresenceSubs.DEF, QUERY, BATCH_WRITE, DELETE),
                    TableGrant.of(Tables.PushTargets.DEF, PUT, UPDATE, DELETE),
                    TableGrant.of(Tables.LoginThrottle.DEF, GET, PUT, UPDATE),
                    // key directory: records by device and user, one-time prekeys claimed by conditional delete
                    TableGrant.of(Tables.DeviceKeys.DEF, GET, QUERY, PUT, UPDATE, DELETE),
                    TableGrant.of(Tables.DeviceLists.DEF, GET, PUT, DELETE),
                    TableGrant.of(Tables.OneTimePreKeys.DEF, QUERY, PUT, DELETE, BATCH_WRITE),
                    TableGrant.of(Tables.Inbox.DEF, GET, QUERY, PUT, UPDATE, BATCH_WRITE),
                    TableGrant.of(Tables.InboxClaims.DEF, GET, QUERY, PUT, UPDATE, DELETE, BATCH_WRITE),
                    // media: slots created and moved on by conditional writes, the day's quota by one update; the
                    // sweeper's scan and deletes are off on AWS (S3 lifecycle rules and TTL do that work)
                    TableGrant.of(Tables.Attachments.DEF, GET, PUT, UPDATE),
                    TableGrant.of(Tables.UploadQuotas.DEF, UPDATE)),
            // heads, members, sender cursors; connections it pushes to, and a connection its broker no longer holds
            // is closed like a disconnect (last seen, presence subscribers); push targets of offline recipients
            "fanout", List.of(
                    TableGrant.of(Tables.Conversations.DEF, UPDATE),
                    TableGrant.of(Tables.Members.DEF, GET, QUERY, UPDATE),
                    TableGrant.of(Tables.Connections.DEF, BATCH_GET, UPDATE),
                    TableGrant.of(Tables.Users.DEF, BATCH_GET, UPDATE),
                    TableGrant.of(Tables.Brokers.DEF, SCAN),
                    TableGrant.of(Tables.NodeConnections.DEF, DELETE),
                    TableGrant.of(Tables.PresenceSubs.DEF, QUERY, DELETE),
                    TableGrant.of(Tables.PushTargets.DEF, BATCH_GET)),
            // targets (a gone one is removed), collapse and rate claims, the unread count's read cursor
            "push", List.of(
                    TableGrant.of(Tables.PushTargets.DEF, BATCH_GET, UPDATE),
                    TableGrant.of(Tables.PushState.DEF, UPDATE),
                    TableGrant.of(Tables.Members.DEF, GET)),
            // dead brokers: claim, clear what they held, last seen, presence subscribers
            "reaper", List.of(
                    TableGrant.of(Tables.Brokers.DEF, SCAN, UPDATE, DELETE),
                    TableGrant.of(Tables.NodeConnections.DEF, QUERY, DELETE),
                    TableGrant.of(Tables.Connections.DEF, BATCH_GET, UPDATE),
                    TableGrant.of(Tables.Users.DEF, BATCH_GET, UPDATE),
                    TableGrant.of(Tables.PresenceSubs.DEF, QUERY, DELETE)));

    private Permissions() {
    }

    /** Grants {@code fn} the table actions listed for {@code name} in {@link #TABLES}. */
    static void grantTables(Function fn, String name, Storage storage) {
        List<TableGrant> grants = TABLES.get(name);
        if (grants == null) {
            throw new IllegalArgumentException("no table permissions listed for function " + name);
        }
        for (TableGrant g : grants) {
            String arn = storage.table(g.table()).getTableArn();
            fn.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("Table" + sidPart(g.table()))
                    .actions(g.actions())
                    .resources(List.of(arn))
                    .build());
            if (g.indexQuery()) {
                fn.addToRolePolicy(PolicyStatement.Builder.create()
                        .sid("Index" + sidPart(g.table()))
                        .actions(List.of(QUERY))
                        .resources(g.table().indexes().stream().map(i -> arn + "/index/" + i.name()).toList())
                        .build());
            }
        }
    }

    /** SendMessage (SendMessageBatch too) and the URL lookup the code does first, on one queue. */
    static void grantSend(Function fn, IQueue queue, String sid) {
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueUrl"))
                .resources(List.of(queue.getQueueArn()))
                .build());
    }

    private static String sidPart(TableDef def) {
        StringBuilder sid = new StringBuilder();
        for (String part : def.name().split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sid.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sid.toString();
    }
}
