// The order bot's suite built with Gradle: the same test sources and data files as samples/order-bot (Maven),
// read from there so that the two samples cannot drift apart. A team's own build has them under src/test.
plugins {
    java
}

tasks.withType<JavaCompile>().configureEach {
    options.release = 17
}

repositories {
    mavenCentral()
    // Until cognigy-junit is on Maven Central: `./mvnw install -DskipTests` in its repository puts it here.
    mavenLocal()
}

val cognigyJunitVersion = "0.1.0-SNAPSHOT"

dependencies {
    testImplementation(platform("dev.botsim.cognigy:cognigy-junit-bom:$cognigyJunitVersion"))
    // The JUnit Platform the engine is built for; Gradle runs it with the launcher of the same version.
    testImplementation(platform("org.junit:junit-bom:6.1.3"))
    testImplementation("dev.botsim.cognigy:cognigy-junit-annotations")
    testRuntimeOnly("dev.botsim.cognigy:cognigy-junit-engine")
    testRuntimeOnly("dev.botsim.cognigy:cognigy-junit-sandbox")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
    testImplementation("org.assertj:assertj-core:3.27.7")
}

sourceSets {
    test {
        java.srcDir("../order-bot/src/test/java")
        resources.srcDir("../order-bot/src/test/resources")
    }
}

// Configuration parameters reach the engine as system properties of the test JVM (junit-platform.properties
// still applies; a system property wins over it). Gradle's own -D sets properties of Gradle's JVM, not of the
// tests': every -Pcognigy.KEY=VALUE given to Gradle is passed on to the tests, after the defaults below.
val cognigyParameters = providers.gradlePropertiesPrefixedBy("cognigy.")

// Through the sandbox's simulation API, as the Maven sample's default run.
tasks.test {
    useJUnitPlatform {
        excludeTags("rest-endpoint")
    }
    systemProperty("cognigy.backend", "sandbox")
    systemProperty("cognigy.report.dir", layout.buildDirectory.dir("cognigy-reports").get().asFile.path)
    systemProperties(cognigyParameters.get())
}

// The same suite through the sandbox's REST Endpoint, as a tenant's bot answers: the Maven sample's second run.
val restEndpointTest by tasks.registering(Test::class) {
    description = "Runs the suite through the sandbox's REST Endpoint."
    group = "verification"
    testClassesDirs = sourceSets.test.get().output.classesDirs
    classpath = sourceSets.test.get().runtimeClasspath
    useJUnitPlatform {
        excludeTags("simulation-api")
    }
    systemProperty("cognigy.backend", "endpoint")
    // The order bot places the reporting Code node in each of its flows, as the Maven sample's pom.xml says.
    systemProperty("cognigy.endpoint.code-node", "per-flow")
    // order_id is a Regex Slot Filler node in the flow, which the management API lists nowhere: named, as pom.xml does.
    systemProperty("cognigy.management.unlisted-slots", "order_id")
    systemProperty("cognigy.report.dir", layout.buildDirectory.dir("cognigy-reports-rest-endpoint").get().asFile.path)
    systemProperties(cognigyParameters.get())
    shouldRunAfter(tasks.test)
}

tasks.check {
    dependsOn(restEndpointTest)
}
