package chat.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Collects the configuration rules a tier breaks, so that it refuses to start with one message naming every broken
 * rule and the properties involved, instead of misbehaving later. Each tier has its own list of rules (its
 * {@code StartupChecks}); the built-in local secrets are refused the same way by both.
 */
public final class ConfigRules {
    /** The inter-tier key both tiers' application.properties carry for local use. */
    public static final String LOCAL_INTERNAL_KEY = "local-dev-internal-key-change-me";
    /** The token secret both tiers' application.properties carry for local use. */
    public static final String LOCAL_TOKEN_SECRET = "local-dev-token-secret-change-me-0123456789";
    /** The profiles in which the built-in local secrets are accepted: the local system and tests. */
    public static final Set<String> LOCAL_PROFILES = Set.of("local", "dev", "test");

    private final List<String> broken = new ArrayList<>();

    /** Records {@code rule} as broken unless {@code holds}. */
    public ConfigRules require(boolean holds, String rule) {
        if (!holds) {
            broken.add(rule);
        }
        return this;
    }

    /** {@code smaller} &lt; {@code larger}. */
    public ConfigRules shorter(String smallerName, Duration smaller, String largerName, Duration larger, String why) {
        return require(smaller.compareTo(larger) < 0, smallerName + " (" + smaller + ") must be shorter than "
                + largerName + " (" + larger + "): " + why);
    }

    /** Refuses a built-in local secret outside {@link #LOCAL_PROFILES}. */
    public ConfigRules notBuiltIn(String property, String env, String value, String builtIn,
            Collection<String> activeProfiles) {
        boolean local = activeProfiles.stream().anyMatch(LOCAL_PROFILES::contains);
        return require(local || !builtIn.equals(value), property + " is the built-in local value, accepted only in"
                + " the " + String.join("/", LOCAL_PROFILES.stream().sorted().toList()) + " profiles (active: "
                + String.join(",", activeProfiles) + "): set " + env + " to a secret of this deployment");
    }

    public List<String> broken() {
        return List.copyOf(broken);
    }

    /** Throws if any rule is broken, naming them all. */
    public void enforce(String tier) {
        if (!broken.isEmpty()) {
            throw new IllegalStateException("refusing to start the " + tier + " with this configuration:\n  - "
                    + String.join("\n  - ", broken));
        }
    }
}
