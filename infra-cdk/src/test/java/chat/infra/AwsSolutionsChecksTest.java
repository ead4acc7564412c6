package chat.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.constructs.IConstruct;

/** cdk-nag's AwsSolutions pack finds nothing in either stage, and a new finding fails the synth. */
class AwsSolutionsChecksTest {

    @Test
    void devAndProdHaveNoFindings() {
        for (Synth.Result r : List.of(Synth.dev(), Synth.prod())) {
            PolicyValidationPluginReport report = Checks.awsSolutions(null, true)
                    .validateScope(r.stack().getNode().getScope());
            assertThat(report.getViolations().stream()
                    .map(v -> v.getRuleName() + " on " + v.getViolatingResources().stream()
                            .map(x -> x.getConstructPath()).toList() + ": " + v.getDescription())
                    .toList())
                    .as(r.stage())
                    .isEmpty();
            assertThat(report.getSuccess()).isTrue();
        }
    }

    @Test
    void aFindingFailsTheSynthOfTheApp() throws java.io.IOException {
        java.nio.file.Path outdir = Synth.workDir("out-");
        App app = ChatApp.app(Map.of("region", Synth.REGION,
                "functionsAsset", Synth.fakeFunctionZip(Synth.workDir("nag-"), "lambda-api").toString(),
                "workersAsset", Synth.fakeFunctionZip(Synth.workDir("nag-"), "lambda-workers").toString(),
                "brokerImage", Synth.ECR_IMAGE), outdir.toString());
        ChatStack stack = ChatApp.build(app);
        // a bucket without access logs or an HTTPS-only policy
        new CfnBucket(stack, "CarelessBucket");

        assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");
        String report = java.nio.file.Files.readString(outdir.resolve("validation-report.json"));
        assertThat(report).contains("AwsSolutions-S1").contains("AwsSolutions-S10").contains("CarelessBucket")
                // the stack's own resources pass
                .doesNotContain("MediaBucket").doesNotContain("AwsSolutions-ELB2");
    }

    @Test
    void anAcknowledgmentNeedsAReason() {
        App app = new App();
        assertThatThrownBy(() -> Checks.acknowledge(app, "AwsSolutions-S1", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    }

    /**
     * What the stacks acknowledge instead of fixing, rule by rule (each with its reason next to the resource): a new
     * acknowledgment shows up here, in review.
     */
    @Test
    void theAcknowledgedRulesAreExactlyThese() {
        Set<String> common = Set.of(
                "AwsSolutions-S1", "AwsSolutions-EC23", "AwsSolutions-SMG4", "AwsSolutions-IAM4", "AwsSolutions-IAM5",
                "AwsSolutions-APIG2", "AwsSolutions-APIG3", "AwsSolutions-APIG4", "AwsSolutions-COG4",
                "AwsSolutions-ECS2");
        Set<String> dev = new TreeSet<>(common);
        // Java 21 functions; prod's are native (provided.al2023, the latest of its family)
        dev.add("AwsSolutions-L1");
        assertThat(acknowledgedRules(Synth.dev().stack())).isEqualTo(dev);
        assertThat(acknowledgedRules(Synth.prod().stack())).isEqualTo(new TreeSet<>(common));
    }

    private static Set<String> acknowledgedRules(IConstruct root) {
        Set<String> rules = new TreeSet<>();
        for (IConstruct c : root.getNode().findAll()) {
            for (var entry : c.getNode().getMetadata()) {
                if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())) {
                    for (Object id : ((Map<?, ?>) entry.getData()).keySet()) {
                        // Validations.acknowledge qualifies an id ("Annotation::…"); CDK's own constructs acknowledge
                        // rules of other packs too
                        String rule = id.toString().replaceFirst("^[A-Za-z-]+::", "").replaceFirst("\\[.*$", "");
                        if (rule.startsWith("AwsSolutions-")) {
                            rules.add(rule);
                        }
                    }
                }
            }
        }
        return rules;
    }
}
