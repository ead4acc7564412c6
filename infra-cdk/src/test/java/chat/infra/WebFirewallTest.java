package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One regional web ACL guards the public API's stage and the broker's load balancer, and nothing else. */
class WebFirewallTest {
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    private static Map<String, Object> acl(Synth.Result r) {
        Map<String, Map<String, Object>> acls = Cfn.ofType(r, "AWS::WAFv2::WebACL");
        assertThat(acls).hasSize(1);
        return acls.values().iterator().next();
    }

    private static Map<String, Object> rule(Synth.Result r, String name) {
        return list(props(acl(r)).get("Rules")).stream().map(Cfn::map)
                .filter(rule -> name.equals(rule.get("Name"))).findFirst().orElseThrow();
    }

    @Test
    void theAclIsRegionalAllowsByDefaultAndRunsAwsManagedGroups() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> p = props(acl(r));
            assertThat(p.get("Scope")).isEqualTo("REGIONAL");
            assertThat(map(p.get("DefaultAction"))).containsOnlyKeys("Allow");
            for (String group : WebFirewall.MANAGED_GROUPS) {
                Map<String, Object> statement = map(map(rule(r, group).get("Statement"))
                        .get("ManagedRuleGroupStatement"));
                assertThat(statement).containsEntry("VendorName", "AWS").containsEntry("Name", group);
                assertThat(map(rule(r, group).get("OverrideAction"))).containsOnlyKeys("None");
            }
            // every rule reports to CloudWatch, under the stage's prefix
            assertThat(list(p.get("Rules"))).allSatisfy(rule -> assertThat(map(map(rule).get("VisibilityConfig"))
                    .get("MetricName").toString()).startsWith(r.prefix()));
        }
    }

    @Test
    void theRateRuleBlocksInProdAndOnlyCountsElsewhere() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> rate = rule(r, WebFirewall.RATE_RULE);
            Map<String, Object> statement = map(map(rate.get("Statement")).get("RateBasedStatement"));
            assertThat(statement).containsEntry("AggregateKeyType", "IP")
                    .containsEntry("Limit", StackSettings.DEFAULT_WAF_RATE_LIMIT)
                    .containsEntry("EvaluationWindowSec", WebFirewall.WINDOW_SECONDS);
            assertThat(map(rate.get("Action"))).containsOnlyKeys(r == prod ? "Block" : "Count");
        }
    }

    @Test
    void itGuardsThePublicStageAndTheLoadBalancerOnly() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Map<String, Object>> associations = Cfn.ofType(r, "AWS::WAFv2::WebACLAssociation");
            assertThat(associations).hasSize(2);
            String alb = Cfn.ofType(r, "AWS::ElasticLoadBalancingV2::LoadBalancer").keySet().iterator().next();
            String publicStage = Cfn.ofType(r, "AWS::ApiGateway::Stage").keySet().stream()
                    .filter(id -> id.startsWith("FunctionsPublicApi")).findFirst().orElseThrow();
            List<String> guarded = associations.values().stream()
                    .map(a -> props(a).get("ResourceArn"))
                    .map(arn -> Cfn.target(arn) != null ? Cfn.target(arn) : arn.toString())
                    .toList();
            assertThat(guarded).hasSize(2).contains(alb)
                    .anySatisfy(arn -> assertThat(arn).contains(publicStage).contains(":apigateway:"));
            assertThat(guarded.toString()).doesNotContain("PrivateApi");
        }
    }
}
