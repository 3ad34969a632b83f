package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Validates a JSON tree against a JSON Schema (2020-12) using the keywords the simulation-file schema uses, as an
 * editor's language server would. A keyword it does not know fails the test instead of being ignored, so the schema
 * cannot grow a rule that this check silently skips.
 */
final class SchemaSubset {

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description");

    private final JsonNode root;

    SchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** What the instance breaks, one line per rule at its JSON pointer; empty when it is valid. */
    List<String> errors(JsonNode instance) {
        List<String> errors = new ArrayList<>();
        check(root, instance, "", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (schema.isBoolean()) {
            // true allows anything, false nothing: "data": false refuses a key wherever it is written
            if (!schema.asBoolean()) errors.add(at + ": not allowed here");
            return;
        }
        for (String keyword : schema.propertyNames()) {
            JsonNode rule = schema.get(keyword);
            switch (keyword) {
                case "$ref" -> check(resolve(rule.asString()), value, at, errors);
                case "type" -> {
                    List<String> types = rule.isArray() ? rule.valueStream().map(JsonNode::asString).toList() : List.of(rule.asString());
                    if (types.stream().noneMatch(t -> isType(value, t))) errors.add(at + ": not " + types);
                }
                case "const" -> {
                    if (!rule.equals(value) && !(rule.isNumber() && value.isNumber() && rule.decimalValue().compareTo(value.decimalValue()) == 0)) {
                        errors.add(at + ": not " + rule);
                    }
                }
                case "enum" -> {
                    if (rule.valueStream().noneMatch(value::equals)) errors.add(at + ": not one of " + rule);
                }
                case "required" -> rule.valueStream().map(JsonNode::asString)
                        .filter(name -> value.isObject() && !value.has(name)).forEach(name -> errors.add(at + ": no " + name));
                case "properties" -> {
                    if (value.isObject()) {
                        for (String name : rule.propertyNames()) {
                            if (value.has(name)) check(rule.get(name), value.get(name), at + "/" + name, errors);
                        }
                    }
                }
                case "additionalProperties" -> {
                    if (value.isObject()) {
                        JsonNode declared = schema.get("properties");
                        for (String name : value.propertyNames()) {
                            if (declared != null && declared.has(name)) continue;
                            if (rule.isBoolean()) {
                                if (!rule.asBoolean()) errors.add(at + ": unknown " + name);
                            } else {
                                check(rule, value.get(name), at + "/" + name, errors);
                            }
                        }
                    }
                }
                case "propertyNames" -> {
                    if (value.isObject()) {
                        for (String name : value.propertyNames()) check(rule, tools.jackson.databind.node.StringNode.valueOf(name), at + "/" + name + "(name)", errors);
                    }
                }
                case "items" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) check(rule, value.get(i), at + "/" + i, errors);
                    }
                }
                case "anyOf" -> {
                    boolean any = rule.valueStream().anyMatch(option -> valid(option, value, at));
                    if (!any) errors.add(at + ": matches none of anyOf");
                }
                case "if" -> {
                    if (!schema.has("then") || schema.has("else")) throw new IllegalStateException("'if' at " + at + " is checked with 'then' only");
                    if (valid(rule, value, at)) check(schema.get("then"), value, at, errors);
                }
                case "then" -> {
                    // applied by its "if"
                }
                case "allOf" -> rule.valueStream().forEach(part -> check(part, value, at, errors));
                case "not" -> {
                    if (valid(rule, value, at)) errors.add(at + ": matches 'not' " + rule);
                }
                case "pattern" -> {
                    if (value.isString() && !Pattern.compile(rule.asString()).matcher(value.asString()).find()) {
                        errors.add(at + ": does not match " + rule.asString());
                    }
                }
                case "minLength" -> {
                    if (value.isString() && value.asString().codePointCount(0, value.asString().length()) < rule.asInt()) errors.add(at + ": too short");
                }
                case "maxLength" -> {
                    if (value.isString() && value.asString().codePointCount(0, value.asString().length()) > rule.asInt()) errors.add(at + ": too long");
                }
                case "minItems" -> {
                    if (value.isArray() && value.size() < rule.asInt()) errors.add(at + ": fewer than " + rule + " items");
                }
                case "maxItems" -> {
                    if (value.isArray() && value.size() > rule.asInt()) errors.add(at + ": more than " + rule + " items");
                }
                case "minProperties" -> {
                    if (value.isObject() && value.size() < rule.asInt()) errors.add(at + ": fewer than " + rule + " properties");
                }
                case "minimum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(rule.decimalValue()) < 0) errors.add(at + ": below " + rule);
                }
                case "uniqueItems" -> {
                    if (rule.asBoolean() && value.isArray() && value.valueStream().distinct().count() < value.size()) {
                        errors.add(at + ": an item appears twice");
                    }
                }
                case "maximum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(rule.decimalValue()) > 0) errors.add(at + ": above " + rule);
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword)) throw new IllegalStateException("keyword '" + keyword + "' at " + at + " is not checked here: add it");
                }
            }
        }
    }

    private boolean valid(JsonNode schema, JsonNode value, String at) {
        List<String> errors = new ArrayList<>();
        check(schema, value, at, errors);
        return errors.isEmpty();
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) throw new IllegalStateException("only local references are checked here: " + ref);
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) throw new IllegalStateException("no " + ref + " in the schema");
        return target;
    }

    private static boolean isType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }
}
