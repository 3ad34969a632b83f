/**
 * The one rule set for test cases and expectations, applied alike to data files and annotated methods:
 * a rule names what is wrong and the fix as a {@code Violation}, each input only the value and its position.
 * Internal.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.discovery.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
