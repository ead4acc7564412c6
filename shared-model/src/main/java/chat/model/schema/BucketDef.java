package chat.model.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An S3 bucket's shape, read by the local stack and the CDK app alike, so both create the same bucket.
 *
 * @param name                 base name; deployments prepend a prefix ("chat-" + "media"). Lower-case letters, digits
 *                             and hyphens only, because S3 bucket names allow little else and the prefix is added
 * @param retentionDays        objects expire this many days after they were written: attachments are fetched by
 *                             devices soon after the message arrives, and keeping them forever costs storage
 * @param incompleteUploadDays multipart uploads not completed within this many days are aborted, so abandoned
 *                             parts (which S3 bills for but never lists as objects) do not pile up
 */
public record BucketDef(String name, int retentionDays, int incompleteUploadDays) {
    /** S3 allows 63 characters in all; the base name leaves room for a prefix. */
    public static final int MAX_BASE_NAME = 40;
    private static final Pattern BASE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

    public BucketDef {
        Objects.requireNonNull(name, "name");
        if (name.length() > MAX_BASE_NAME || !BASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bucket base name must be 1-" + MAX_BASE_NAME
                    + " lower-case letters, digits or inner hyphens: " + name);
        }
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be at least 1: " + retentionDays);
        }
        if (incompleteUploadDays < 1 || incompleteUploadDays > retentionDays) {
            throw new IllegalArgumentException("incompleteUploadDays must be in [1, retentionDays]: "
                    + incompleteUploadDays);
        }
    }

    /** The deployed name: the prefix (e.g. "chat-" or "chat-dev-") followed by the base name. */
    public String fullName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String full = prefix + name;
        if (full.length() < 3 || full.length() > 63) {
            throw new IllegalArgumentException("bucket name must be 3-63 characters: " + full);
        }
        return full;
    }
}
