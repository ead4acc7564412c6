package chat.e2ee.attachment;

import java.io.IOException;

/**
 * The file being encrypted gave more or fewer bytes than declared (it changed while being uploaded): the blob would not
 * match the size the upload was created for, so encryption stops instead of producing it.
 */
public final class AttachmentSizeMismatchException extends IOException {
    public AttachmentSizeMismatchException(String message) {
        super(message);
    }
}
