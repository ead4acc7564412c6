package chat.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one scenario run: {@code figures} become its JSON line; {@code headline} and the target verdict
 * its row of the summary table.
 */
record ScenarioResult(String scenario, Map<String, Object> figures, String headline, String target, boolean met) {
    ScenarioResult {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("scenario", scenario);
        all.putAll(figures);
        all.put("target", target);
        all.put("targetMet", met);
        figures = all;
    }
}
