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

    /** Adds the chat stack for the context of {@code app}; the account and region come from the CDK CLI if set. */
    public static ChatStack build(App app) {
        StackSettings settings = StackSettings.from(app);
        StackProps.Builder props = StackProps.builder()
                .stackName("chat-" + settings.stage())
                .description("chat system, stage " + settings.stage() + " (infra-cdk)");
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account != null && region != null) {
            props.env(Environment.builder().account(account).region(region).build());
        }
        return new ChatStack(app, "Chat-" + settings.stage(), props.build(), settings);
    }

    /** For tests and tools: an app with the given context and output directory. */
    public static App app(java.util.Map<String, ?> context, String outdir) {
        return new App(AppProps.builder().context(context).outdir(outdir).build());
    }
}
