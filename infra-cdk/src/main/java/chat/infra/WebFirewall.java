package chat.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * One regional AWS WAF web ACL in front of both internet doors, the public REST API's stage and the broker's load
 * balancer: AWS's IP reputation list and known-bad-inputs rule groups (few false positives, unlike the common rule
 * set, whose 8 KB body limit would refuse protocol bodies of up to 16 KiB), and a rate rule per client address of
 * {@code wafRateLimit} requests in 5 minutes, which blocks in prod and only counts elsewhere (a benchmark from one
 * machine must not lock itself out). WebSocket frames pass the load balancer without WAF: a connection is one
 * request. The private API is not behind it (VPC only). {@code protectedArns}: construct id → resource ARN.
 */
public final class WebFirewall extends Construct {
    static final String RATE_RULE = "rate-per-ip";
    static final List<String> MANAGED_GROUPS = List.of(
            "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesKnownBadInputsRuleSet");
    static final int WINDOW_SECONDS = 300;

    private final CfnWebACL acl;

    public WebFirewall(Construct scope, String id, StackSettings settings, Map<String, String> protectedArns) {
        super(scope, id);
        String metricPrefix = settings.prefix() + "waf-";
        List<Object> rules = new ArrayList<>();
        for (String group : MANAGED_GROUPS) {
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group)
                    .priority(rules.size())
                    .statement(CfnWebACL.StatementProperty.builder()
                            .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                    .vendorName("AWS").name(group).build())
                            .build())
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                    .visibilityConfig(visibility(metricPrefix + group))
                    .build());
        }
        rules.add(CfnWebACL.RuleProperty.builder()
                .name(RATE_RULE)
                .priority(rules.size())
                .statement(CfnWebACL.StatementProperty.builder()
                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                .aggregateKeyType("IP")
                                .limit(settings.wafRateLimit())
                                .evaluationWindowSec(WINDOW_SECONDS)
                                .build())
                        .build())
                .action(settings.prod()
                        ? CfnWebACL.RuleActionProperty.builder()
                                .block(CfnWebACL.BlockActionProperty.builder().build()).build()
                        : CfnWebACL.RuleActionProperty.builder()
                                .count(CfnWebACL.CountActionProperty.builder().build()).build())
                .visibilityConfig(visibility(metricPrefix + RATE_RULE))
                .build());
        acl = CfnWebACL.Builder.create(this, "Acl")
                .name(settings.prefix() + "web")
                .description("chat " + settings.stage() + ": public API and broker load balancer")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .rules(rules)
                .visibilityConfig(visibility(metricPrefix + "acl"))
                .build();
        // by name, so that the associations keep their logical ids whatever the order
        protectedArns.forEach((name, arn) -> CfnWebACLAssociation.Builder.create(this, name)
                .webAclArn(acl.getAttrArn())
                .resourceArn(arn)
                .build());
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metric)
                .sampledRequestsEnabled(true)
                .build();
    }

    public CfnWebACL acl() {
        return acl;
    }
}
