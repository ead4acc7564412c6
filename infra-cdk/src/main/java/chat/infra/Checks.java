package chat.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;
import software.constructs.MetadataOptions;

/**
 * The cdk-nag AwsSolutions rule pack, run by CDK's policy validation on every synth (a finding fails
 * {@code cdk synth} and the tests), and the one way the constructs acknowledge a rule: next to the resource it is
 * about, with the reason it does not apply.
 */
final class Checks {
    private Checks() {
    }

    /** A fresh pack; {@code verbose} adds each rule's explanation to its findings. */
    static AwsSolutionsChecks awsSolutions(IConstruct scope, boolean verbose) {
        return new AwsSolutionsChecks(scope, NagPackProps.builder().verbose(verbose).build());
    }

    /** Runs the pack on every synth of {@code app}. */
    static void register(App app) {
        Validations.of(app).addPlugins(awsSolutions(app, true));
    }

    /** {@code ruleId} (e.g. {@code AwsSolutions-ECS2}, or a granular {@code AwsSolutions-IAM5[Resource::*]}) does
     * not apply to {@code scope} and what it contains, because of {@code reason}. */
    static void acknowledge(IConstruct scope, String ruleId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an acknowledgment of " + ruleId + " needs its reason");
        }
        if (ruleId.split("::", -1).length > 2) {
            // CDK refuses ids with more than one "::" (its prefix delimiter), which every granular finding on an
            // ARN has, e.g. IAM4[Policy::arn:<AWS::Partition>:…] (cdklabs/cdk-nag#2351): record the acknowledgment
            // where Validations.acknowledge would, and where the pack looks for it
            scope.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(ruleId, reason),
                    MetadataOptions.builder().stackTrace(false).build());
            return;
        }
        Validations.of(scope).acknowledge(Acknowledgment.builder().id(ruleId).reason(reason).build());
    }
}
