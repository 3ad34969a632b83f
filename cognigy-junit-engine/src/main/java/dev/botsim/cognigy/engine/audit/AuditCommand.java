package dev.botsim.cognigy.engine.audit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code java -jar cognigy-junit-engine-<version>.jar verify-audit FILE}: verifies an audit trail.
 * Exit 0 when it verifies, 1 when it does not (naming the first bad record), 2 on wrong use.
 */
public final class AuditCommand {

    private AuditCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("verify-audit")) {
            System.err.println("usage: java -jar cognigy-junit-engine.jar verify-audit FILE");
            System.exit(2);
        }
        try {
            AuditVerifier.Result result = AuditVerifier.verify(Path.of(args[1]));
            if (result.ok()) {
                System.out.println("OK: " + result.records() + " records verify; head hash " + result.headHash());
                System.exit(0);
            }
            System.out.println("BROKEN at record " + result.firstBadIndex() + ": " + result.reason());
            System.out.println(result.records() + " records before it verify; their head hash " + result.headHash());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("cannot read " + args[1] + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
