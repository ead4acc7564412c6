package chat.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS list prices (us-east-1, on demand) and the assumption that turns measured CPU time into money. DynamoDB and SQS
 * are billed per unit and per request, so their emulators' CPU is not priced (it stands for AWS's own machines); the
 * load generator is the clients, not ours to pay for.
 */
final class Prices {
    static final double DYNAMO_WRITE_UNIT = 0.625 / 1e6;
    static final double DYNAMO_READ_UNIT = 0.125 / 1e6;
    static final double SQS_REQUEST = 0.40 / 1e6;
    static final double LAMBDA_GB_SECOND = 0.0000166667;
    /** Lambda gives a function one full vCPU at 1,769 MB. */
    static final double LAMBDA_GB_PER_VCPU = 1769 / 1024.0;
    static final double FARGATE_VCPU_HOUR = 0.04048;
    static final double FARGATE_GB_HOUR = 0.004445;
    /** The production broker task (infra-cdk Broker): 0.5 vCPU with 1 GB. */
    static final double BROKER_GB_PER_VCPU = 2;
    /** The brokers autoscale to keep CPU at 60 %, so each used CPU-second pays for 1/0.6 of a provisioned one. */
    static final double BROKER_TARGET_UTILISATION = 0.6;

    /** DynamoDB provisioned capacity, us-east-1: per write capacity unit-hour and read capacity unit-hour. */
    static final double DYNAMO_WCU_HOUR = 0.00065;
    static final double DYNAMO_RCU_HOUR = 0.00013;
    /** Provisioned tables autoscale to keep 70 % of their capacity used (DynamoDB's default target). */
    static final double DYNAMO_TARGET_UTILISATION = 0.7;
    static final String PROVISIONED_ASSUMPTION = "DynamoDB provisioned capacity at $0.00065 per WCU-hour and "
            + "$0.00013 per RCU-hour, autoscaled to 70 % utilisation (a steady load; bursts above the provisioned "
            + "rate are throttled), i.e. $" + round4(provisionedWriteUnit() * 1e6) + " per million write units and $"
            + round4(provisionedReadUnit() * 1e6) + " per million read units; SQS and compute as on demand";

    static final String COMPUTE_ASSUMPTION = "functions CPU-seconds priced as Lambda at 1,769 MB (one vCPU): "
            + "$0.0000166667 per GB-second, i.e. $" + round6(functionsCpuSecond() * 1e3) + " per 1,000 CPU-s — a "
            + "lower bound, since Lambda bills wall time including waits on DynamoDB, and excludes the $0.20 per "
            + "million invocations and API Gateway; broker CPU-seconds priced as Fargate x86 at $0.04048 per "
            + "vCPU-hour plus 2 GB at $0.004445 per GB-hour, divided by the 60 % CPU target the brokers autoscale "
            + "to, i.e. $" + round6(brokerCpuSecond() * 1e3) + " per 1,000 CPU-s; dynalite and ElasticMQ are not "
            + "priced (DynamoDB and SQS bill per unit and request), nor is the load generator; no data transfer";

    private Prices() {
    }

    /** Dollars per CPU-second of the functions, run as Lambda with one full vCPU kept busy. */
    static double functionsCpuSecond() {
        return LAMBDA_GB_SECOND * LAMBDA_GB_PER_VCPU;
    }

    /** Dollars per CPU-second of a broker on Fargate, at the autoscaling target utilisation. */
    static double brokerCpuSecond() {
        return (FARGATE_VCPU_HOUR + BROKER_GB_PER_VCPU * FARGATE_GB_HOUR) / 3600 / BROKER_TARGET_UTILISATION;
    }

    /**
     * Dollars per million messages from per-message usage: DynamoDB write and read units, SQS requests, and CPU
     * seconds of the functions and of the brokers.
     */
    static Map<String, Double> usdPerMillionMessages(double writeUnits, double readUnits, double sqsRequests,
            double functionsCpuSeconds, double brokerCpuSeconds) {
        return usd(writeUnits * DYNAMO_WRITE_UNIT, readUnits * DYNAMO_READ_UNIT, sqsRequests, functionsCpuSeconds,
                brokerCpuSeconds);
    }

    /** The same with DynamoDB on provisioned capacity ({@link #PROVISIONED_ASSUMPTION}). */
    static Map<String, Double> usdPerMillionMessagesProvisioned(double writeUnits, double readUnits,
            double sqsRequests, double functionsCpuSeconds, double brokerCpuSeconds) {
        return usd(writeUnits * provisionedWriteUnit(), readUnits * provisionedReadUnit(), sqsRequests,
                functionsCpuSeconds, brokerCpuSeconds);
    }

    /** Dollars per write unit used, on provisioned capacity at the target utilisation. */
    static double provisionedWriteUnit() {
        return DYNAMO_WCU_HOUR / 3600 / DYNAMO_TARGET_UTILISATION;
    }

    /** Dollars per (strongly consistent, 4 KB) read unit used, on provisioned capacity. */
    static double provisionedReadUnit() {
        return DYNAMO_RCU_HOUR / 3600 / DYNAMO_TARGET_UTILISATION;
    }

    private static Map<String, Double> usd(double writeUsd, double readUsd, double sqsRequests,
            double functionsCpuSeconds, double brokerCpuSeconds) {
        double writes = writeUsd * 1e6;
        double reads = readUsd * 1e6;
        double sqs = sqsRequests * SQS_REQUEST * 1e6;
        double compute = (functionsCpuSeconds * functionsCpuSecond() + brokerCpuSeconds * brokerCpuSecond()) * 1e6;
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("dynamoWrites", round4(writes));
        out.put("dynamoReads", round4(reads));
        out.put("sqs", round4(sqs));
        out.put("compute", round4(compute));
        out.put("total", round4(writes + reads + sqs + compute));
        return out;
    }

    static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
