package dev.botsim.cognigy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.GoalProperty;

/**
 * The goals' properties, as Maven reads them from the plugin's descriptor, are the engine's one list of them: a run knows
 * every one (Surefire hands them to the tests) and the merge command refuses each as the parameter of its goal.
 */
class GoalPropertiesTest {

    @Test
    @DisplayName("every cognigy.* property of the plugin's goals but the run id is in GoalProperty, with its goal and parameter,"
            + " and GoalProperty names no other")
    void descriptorMatchesTheList() throws Exception {
        Document descriptor;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in).as("the descriptor maven-plugin-plugin writes into target/classes").isNotNull();
            descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        String prefix = descriptor.getElementsByTagName("goalPrefix").item(0).getTextContent();
        Set<String> declared = new TreeSet<>();
        NodeList mojos = descriptor.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = prefix + ":" + mojo.getElementsByTagName("goal").item(0).getTextContent();
            NodeList parameters = ((Element) mojo.getElementsByTagName("configuration").item(0)).getChildNodes();
            for (int j = 0; j < parameters.getLength(); j++) {
                Node parameter = parameters.item(j);
                String expression = parameter.getTextContent().strip();
                if (parameter.getNodeType() != Node.ELEMENT_NODE || !expression.startsWith("${cognigy.")) continue;
                String key = expression.substring(2, expression.length() - 1);
                if (key.equals(Constants.RUN_ID)) continue;
                declared.add(key);
                assertThat(GoalProperty.named(key)).as(key).hasValueSatisfying(property -> {
                    assertThat(property.goal()).isEqualTo(goal);
                    assertThat(property.parameter()).isEqualTo(parameter.getNodeName());
                });
            }
        }

        assertThat(declared).isEqualTo(new TreeSet<>(GoalProperty.keys())).isNotEmpty();
    }
}
