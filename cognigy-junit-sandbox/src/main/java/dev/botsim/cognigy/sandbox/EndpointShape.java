package dev.botsim.cognigy.sandbox;

/**
 * How the REST Endpoint's bot is built, where tenants' bots differ in ways a client sees in the answer.
 *
 * @param defaultReplyNesting     whether quick replies and buttons come nested as an Intent Default Reply's rich content,
 *                                in {@code data._data._cognigy._default}, rather than as a Say node's, in
 *                                {@code data._cognigy._default}; Cognigy's Webchat looks in both places
 * @param codeNodeBeforeQuestions whether the reporting Code node also stands right before each Question node, so a turn
 *                                on which a flow asks its question reports too; without, the node only ends each flow,
 *                                which a turn stopping at a Question node never reaches: Cognigy moves the entry point to
 *                                the Question node and runs the rest of the flow only once the user answers
 */
public record EndpointShape(boolean defaultReplyNesting, boolean codeNodeBeforeQuestions) {

    /** Say nodes' rich content; the Code node before each Question node and at the end of each flow, as docs/real-cognigy.md places it. */
    public static EndpointShape defaults() {
        return new EndpointShape(false, true);
    }

    public EndpointShape withDefaultReplyNesting(boolean defaultReplyNesting) {
        return new EndpointShape(defaultReplyNesting, codeNodeBeforeQuestions);
    }

    public EndpointShape withCodeNodeBeforeQuestions(boolean codeNodeBeforeQuestions) {
        return new EndpointShape(defaultReplyNesting, codeNodeBeforeQuestions);
    }
}
