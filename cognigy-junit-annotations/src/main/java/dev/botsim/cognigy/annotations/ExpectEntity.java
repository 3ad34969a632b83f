package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * An entity the bot must extract for an {@link Utterance}. The name must exist in the bot's entity
 * schema (checked, case-insensitively, before anything is submitted).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ExpectEntities.class)
@API(status = STABLE, since = "0.1")
public @interface ExpectEntity {

    /** Entity name, as in the bot's schema; not empty, and named by one {@code ExpectEntity} of a method only. */
    String name();

    /** Expected value, compared as text (a number the bot sent: by value, so {@code 12.50} holds for 12.5); not empty. */
    String value();
}
