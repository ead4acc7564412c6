package chat.client;

import chat.model.frames.ServerFrame;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/** The {@code reqId} of any server frame record that has one (answers), else null (unsolicited frames). */
final class ReqIds {
    private static final ClassValue<Method> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return null;
            }
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getName().equals("reqId") && c.getType() == String.class) {
                    return c.getAccessor();
                }
            }
            return null;
        }
    };

    private ReqIds() {
    }

    static String of(ServerFrame frame) {
        Method accessor = ACCESSORS.get(frame.getClass());
        if (accessor == null) {
            return null;
        }
        try {
            return (String) accessor.invoke(frame);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
