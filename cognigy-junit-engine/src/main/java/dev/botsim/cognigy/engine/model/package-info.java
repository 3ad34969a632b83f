/**
 * The simulation cases discovery produces from data files and annotated methods: files, single-turn cases,
 * conversations and their turns, with the source positions failures point at. Internal: users write these as
 * data files or annotations, never as Java objects.
 */
@API(status = INTERNAL, since = "0.1")
package dev.botsim.cognigy.engine.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
