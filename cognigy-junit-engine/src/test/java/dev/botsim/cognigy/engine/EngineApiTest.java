package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.MAINTAINED;
import static org.assertj.core.api.Assertions.assertThat;

import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.audit.AuditCommand;
import dev.botsim.cognigy.engine.execution.EngineServices;

/** The engine's user-facing types are marked; the engine's test seam is not offered to users. */
class EngineApiTest {

    @Test
    @DisplayName("the engine, its configuration keys and the audit command are MAINTAINED API; the constructor taking"
            + " EngineServices is INTERNAL")
    void userFacingTypesAreMarked() throws Exception {
        for (Class<?> type : new Class<?>[] {CognigyTestEngine.class, Constants.class, AuditCommand.class}) {
            API api = type.getAnnotation(API.class);
            assertThat(api).as(type.getName()).isNotNull();
            assertThat(api.status()).as(type.getName()).isEqualTo(MAINTAINED);
        }
        assertThat(CognigyTestEngine.class.getConstructor(EngineServices.class).getAnnotation(API.class).status())
                .isEqualTo(INTERNAL);
        assertThat(CognigyTestEngine.class.getConstructor().getAnnotation(API.class)).isNull();
    }
}
