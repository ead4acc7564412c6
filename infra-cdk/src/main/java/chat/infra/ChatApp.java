package chat.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code npx aws-cdk@2 deploy -c stage=prod …} runs it through {@code cdk.json}. Context keys are listed on
 * {@link StackSettings}.
 */
public final class ChatApp {
    private ChatApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /**
     * Adds the chat stack for the context of {@code app}, in {@link #region}; the account comes from the CDK CLI if
     * set (else the template works in any account).
     */
    public static ChatStack build(App app) {
        StackSettings settings = StackSettings.from(app);
        StackProps.Builder props = StackProps.builder()
                .stackName("chat-" + settings.stage())
                .description("chat system, stage " + settings.stage() + " (infra-cdk)");
        props.env(Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(region(app))
                .build());
        ChatStack stack = new ChatStack(app, "Chat-" + settings.stage(), props.build(), settings);
        // every synth of the app (cdk synth, cdk deploy, the tests) fails on an AwsSolutions finding
        Checks.register(app);
        return stack;
    }

    /**
     * The stack's region: context {@code region}, else the CDK CLI's (from the AWS profile or AWS_REGION). Required:
     * the load balancer's access-log delivery is granted to a principal that differs by region.
     */
    static String region(App app) {
        Object context = app.getNode().tryGetContext("region");
        String region = context != null ? context.toString().trim() : System.getenv("CDK_DEFAULT_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("no region: configure one for the AWS CLI (AWS_REGION or the"
                    + " profile's region), or pass -c region=<region>, e.g. -c region=eu-west-1");
        }
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("context 'region' must be an AWS region such as eu-west-1, got '"
                    + region + "'");
        }
        return region;
    }

    /** For tests and tools: an app with the given context and output directory. */
    public static App app(java.util.Map<String, ?> context, String outdir) {
        return new App(AppProps.builder().context(context).outdir(outdir).build());
    }
}
